// Key Vault for the app's secrets, read by the Function App through Key Vault references (app settings of the form
// @Microsoft.KeyVault(VaultName=...;SecretName=...)) with its managed identity. Access is Azure RBAC only.

@description('Azure region of the vault.')
param location string

@description('Name of the vault (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Tier of the vault.')
@allowed([
  'standard'
  'premium'
])
param skuName string

@description('Days a deleted vault or secret can be recovered (7-90).')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('Name of the secret that holds the 32-byte key (base64) that encrypts Secrets at rest (ADR 0009).')
param secretsKeySecretName string

@description('The 32-byte key, base64. Empty: the template leaves the secret alone (set it once with az keyvault secret set; see docs/deploy.md).')
@secure()
param secretsKey string

@description('Name of the secret that holds the Application Insights connection string.')
param appInsightsSecretName string

@description('Name of the Application Insights component whose connection string the vault keeps.')
param appInsightsName string

@description('Tags of every resource.')
param tags object

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: skuName
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

// Redeploying without the parameter must not overwrite the key: losing it loses every Secret, so the resource is
// declared only when a value is given.
resource secretsKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(secretsKey)) {
  parent: vault
  name: secretsKeySecretName
  properties: {
    value: secretsKey
    contentType: 'application/octet-stream; base64'
  }
}

// The connection string only names the component and its ingestion endpoint (local auth is off, so it admits no
// telemetry by itself); it is kept here all the same so that no app setting carries an instrumentation key.
resource appInsightsSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: appInsightsSecretName
  properties: {
    value: appInsights.properties.ConnectionString
    contentType: 'text/plain'
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('URI of the vault, for example https://<name>.vault.azure.net/.')
output uri string = vault.properties.vaultUri

@description('Name of the Application Insights connection string secret (created by this module).')
output appInsightsSecretName string = appInsightsSecret.name
