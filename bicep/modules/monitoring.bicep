// Log Analytics workspace and the workspace-based Application Insights component the Functions host reports to.
// Local (instrumentation key) authentication is off: telemetry is accepted only with an Entra token of an identity
// that holds Monitoring Metrics Publisher on the component.

@description('Azure region of both resources.')
param location string

@description('Name of the Log Analytics workspace.')
param workspaceName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Days the workspace keeps data (30 are included in the ingestion price).')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Most GB the workspace ingests a day before it stops until the next day (-1: no cap).')
param dailyQuotaGb int

@description('Tags of every resource.')
param tags object

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    workspaceCapping: {
      dailyQuotaGb: dailyQuotaGb
    }
    features: {
      disableLocalAuth: true
      enableLogAccessUsingOnlyResourcePermissions: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
    IngestionMode: 'LogAnalytics'
  }
}

@description('Name of the Application Insights component.')
output appInsightsName string = appInsights.name
