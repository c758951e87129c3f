// The control plane as an Azure Functions app on the Flex Consumption plan (.NET isolated worker; host.json comes
// with the package from the repo root). Every connection uses the app's system-assigned identity: the app settings
// hold account names, endpoints and Key Vault references, never a key or a connection string.

@description('Azure region of the plan and the app.')
param location string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Name of the Function App (its host name is <name>.azurewebsites.net).')
@minLength(2)
@maxLength(60)
param name string

@description('Runtime version of the .NET isolated worker.')
@allowed([
  '8.0'
  '9.0'
  '10.0'
])
param dotnetVersion string

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Name of the storage account (host storage, tables, queues, log blobs, deployment package).')
param storageAccountName string

@description('Blob endpoint of the storage account.')
param blobEndpoint string

@description('Table endpoint of the storage account.')
param tableEndpoint string

@description('Container the Flex Consumption plan deploys the app package from.')
param deploymentContainerName string

@description('Endpoint of the Service Bus namespace (https://<name>.servicebus.windows.net:443/).')
param serviceBusEndpoint string

@description('Name of the Key Vault of the app\'s secrets.')
param keyVaultName string

@description('Key Vault secret holding the key that encrypts Secrets at rest.')
param secretsKeySecretName string

@description('Key Vault secret holding the Application Insights connection string.')
param appInsightsSecretName string

@description('Origin of the portal, allowed by CORS (https://<host>).')
param portalOrigin string

@description('Tags of every resource.')
param tags object

var serviceBusHost = split(split(serviceBusEndpoint, '/')[2], ':')[0]

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the system-assigned identity (the default) through Key Vault Secrets User.
    keyVaultReferenceIdentity: 'SystemAssigned'
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: {
        allowedOrigins: [
          portalOrigin
        ]
      }
      appSettings: [
        // Host storage (timer leases, singleton locks) through the identity: the account name alone selects it.
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storageAccountName
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        // Telemetry with Entra authentication (the component refuses the instrumentation key alone).
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${appInsightsSecretName})'
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'Authorization=AAD'
        }
        // The cluster state (tables) and log blobs, as identity-based settings of the connection
        // ORCH_STORAGE_CONNECTION (ADR 0013; the node channel is Service Bus in this mode).
        {
          name: 'ORCH_STORAGE_CONNECTION__tableServiceUri'
          value: tableEndpoint
        }
        {
          name: 'ORCH_STORAGE_CONNECTION__blobServiceUri'
          value: blobEndpoint
        }
        {
          name: 'ORCH_STORAGE_CONNECTION__credential'
          value: 'managedidentity'
        }
        // The Service Bus node channel (ADR 0006), identity-based as well.
        {
          name: 'ORCH_SERVICEBUS_CONNECTION__fullyQualifiedNamespace'
          value: serviceBusHost
        }
        {
          name: 'ORCH_SERVICEBUS_CONNECTION__credential'
          value: 'managedidentity'
        }
        // The key that encrypts Secrets at rest (ADR 0009), resolved from Key Vault when the app starts.
        {
          name: 'ORCH_SECRETS_KEY'
          value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${secretsKeySecretName})'
        }
      ]
    }
  }
}

// Publishing goes through the deployment container with Entra ID; basic (user name and password) publishing is off.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

@description('Name of the app.')
output name string = site.name

@description('Base URL of the API.')
output url string = 'https://${site.properties.defaultHostName}'
