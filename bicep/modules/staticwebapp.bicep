// The web portal as an Azure Static Web App. Its content is uploaded with the deployment token
// (az staticwebapp secrets list, or the SWA CLI), so no repository is linked here.

@description('Azure region of the app; Static Web Apps exist only in a few regions (their content is global).')
@allowed([
  'westus2'
  'centralus'
  'eastus2'
  'westeurope'
  'eastasia'
])
param location string

@description('Name of the Static Web App.')
param name string

@description('Plan of the app.')
@allowed([
  'Free'
  'Standard'
])
param skuName string

@description('Tags of every resource.')
param tags object

resource portal 'Microsoft.Web/staticSites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuName
  }
  properties: {
    stagingEnvironmentPolicy: 'Disabled'
    allowConfigFileUpdates: true
  }
}

@description('URL of the portal.')
output url string = 'https://${portal.properties.defaultHostname}'
