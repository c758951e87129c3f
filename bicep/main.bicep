// Orchestrator's control plane in Azure: one resource group per environment (see README.md for why the scope is the
// resource group). Deploy with: az deployment group create -g <group> -p main.bicepparam (docs/deploy.md).

targetScope = 'resourceGroup'

@description('Short name of the environment (dev, test, prod, ...): part of every resource name.')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Azure region of every resource but the portal.')
param location string = resourceGroup().location

@description('Region of the portal (Static Web Apps exist in a few regions only; the content is served globally).')
@allowed([
  'westus2'
  'centralus'
  'eastus2'
  'westeurope'
  'eastasia'
])
param portalLocation string = 'westeurope'

@description('Replication of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
])
param storageSku string = 'Standard_LRS'

@description('Tier of the Service Bus namespace (Basic has no runtime queue management with duplicate detection).')
@allowed([
  'Standard'
  'Premium'
])
param serviceBusSku string = 'Standard'

@description('Turns off SAS authentication on the Service Bus namespace. Off by default: agents receive on their queue with a per-queue Listen-only SAS (ADR 0006); the app itself connects with its identity.')
param serviceBusDisableLocalAuth bool = false

@description('Tier of the Key Vault.')
@allowed([
  'standard'
  'premium'
])
param keyVaultSku string = 'standard'

@description('Plan of the portal.')
@allowed([
  'Free'
  'Standard'
])
param portalSku string = 'Free'

@description('Runtime version of the .NET isolated worker on the Flex Consumption plan.')
@allowed([
  '8.0'
  '9.0'
  '10.0'
])
param dotnetVersion string = '10.0'

@description('Memory of each Function App instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the Function App scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Days Log Analytics keeps data (30 are included in the ingestion price).')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Most GB Log Analytics ingests a day (-1: no cap); a cap bounds the bill of a runaway log loop.')
@minValue(-1)
param logDailyQuotaGb int = 1

@description('The 32-byte key (base64) that encrypts Secrets at rest. Leave empty after the first deployment: the key already in Key Vault stays.')
@secure()
param secretsKey string = ''

@description('Tags of every resource.')
param tags object = {
  application: 'orchestrator'
  environment: environmentName
}

// Globally unique names: the environment plus a hash of the subscription and resource group.
var suffix = take(uniqueString(subscription().id, resourceGroup().id, environmentName), 6)
var names = {
  storage: take('storch${environmentName}${suffix}', 24)
  serviceBus: 'sb-orch-${environmentName}-${suffix}'
  workspace: 'log-orch-${environmentName}-${suffix}'
  appInsights: 'appi-orch-${environmentName}-${suffix}'
  keyVault: take('kv-orch-${environmentName}-${suffix}', 24)
  plan: 'plan-orch-${environmentName}-${suffix}'
  functionApp: 'func-orch-${environmentName}-${suffix}'
  portal: 'swa-orch-${environmentName}-${suffix}'
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: names.storage
    skuName: storageSku
    deploymentContainerName: 'app-package'
    tags: tags
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    location: location
    name: names.serviceBus
    skuName: serviceBusSku
    disableLocalAuth: serviceBusDisableLocalAuth
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    retentionInDays: logRetentionInDays
    dailyQuotaGb: logDailyQuotaGb
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    name: names.keyVault
    skuName: keyVaultSku
    softDeleteRetentionInDays: 90
    secretsKeySecretName: 'orch-secrets-key'
    secretsKey: secretsKey
    appInsightsSecretName: 'appinsights-connection-string'
    appInsightsName: names.appInsights
    tags: tags
  }
  dependsOn: [
    monitoring
  ]
}

module portal 'modules/staticwebapp.bicep' = {
  name: 'portal'
  params: {
    location: portalLocation
    name: names.portal
    skuName: portalSku
    tags: tags
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    planName: names.plan
    name: names.functionApp
    dotnetVersion: dotnetVersion
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    serviceBusEndpoint: serviceBus.outputs.endpoint
    keyVaultName: keyVault.outputs.name
    secretsKeySecretName: 'orch-secrets-key'
    appInsightsSecretName: keyVault.outputs.appInsightsSecretName
    portalOrigin: portal.outputs.url
    tags: tags
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    functionAppName: names.functionApp
    storageAccountName: names.storage
    serviceBusName: names.serviceBus
    keyVaultName: names.keyVault
    appInsightsName: names.appInsights
  }
  dependsOn: [
    functionApp
    storage
    serviceBus
    keyVault
    monitoring
  ]
}

@description('Base URL of the control plane\'s API (the server address of ~/.orch/config.json).')
output apiUrl string = functionApp.outputs.url

@description('URL of the portal.')
output portalUrl string = portal.outputs.url

@description('Name of the Function App, for publishing the package.')
output functionAppName string = functionApp.outputs.name

@description('Name of the Key Vault, for setting the Secrets key.')
output keyVaultName string = keyVault.outputs.name

@description('Name of the Static Web App, for uploading the portal.')
output portalName string = names.portal
