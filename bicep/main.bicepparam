using 'main.bicep'

// The dev environment: smallest SKUs, 512 MB instances (the timer loops keep an instance busy every 5 s, so memory is
// most of the cost at rest), a low scale-out ceiling and a daily log cap. The Secrets key is not set here: docs/deploy.md
// sets it once in Key Vault.
param environmentName = 'dev'
param storageSku = 'Standard_LRS'
param serviceBusSku = 'Standard'
param keyVaultSku = 'standard'
param portalSku = 'Free'
param portalLocation = 'westeurope'
param dotnetVersion = '10.0'
param instanceMemoryMB = 512
param maximumInstanceCount = 10
param logRetentionInDays = 30
param logDailyQuotaGb = 1
