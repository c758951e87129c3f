// The Service Bus namespace of the node channel (ADR 0006): the control plane creates one queue per node when the
// node joins, each with its own Listen-only rule, so the template creates no queue. Standard is the lowest tier with
// queues management at runtime and duplicate detection; Premium only raises throughput and isolation.

@description('Azure region of the namespace.')
param location string

@description('Name of the namespace (6-50 characters).')
@minLength(6)
@maxLength(50)
param name string

@description('Tier of the namespace.')
@allowed([
  'Standard'
  'Premium'
])
param skuName string

@description('Turns off SAS (shared access signature) authentication for the whole namespace, entity rules included.')
param disableLocalAuth bool

@description('Tags of every resource.')
param tags object

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuName
  }
  properties: {
    minimumTlsVersion: '1.2'
    disableLocalAuth: disableLocalAuth
    publicNetworkAccess: 'Enabled'
  }
}

@description('Name of the namespace.')
output name string = namespace.name

@description('Endpoint of the namespace, for example https://<name>.servicebus.windows.net:443/.')
output endpoint string = namespace.properties.serviceBusEndpoint
