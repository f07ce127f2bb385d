// One storage account for the app's tables and blobs, the Functions host (timers' locks and schedule status)
// and the deployment package. Shared keys are off: everything signs in with Entra ID.
param name string
param location string
param tags object

@description('Tables the app uses. The app also creates a missing table on first use; listing them here makes a fresh deployment complete.')
param tables array

@description('Blob containers the app uses, and the one the deployment package goes to.')
param containers array

@description('Queues: the inbound SMS events (Event Grid writes, the SmsEvents function reads) and its poison queue.')
param queues array

@description('The container the nightly backup writes to: every blob version is kept unchangeable for backupRetentionDays.')
param backupContainer string

@description('Days each backup (every version of every backup blob) cannot be changed or deleted, not even by an owner.')
@minValue(1)
param backupRetentionDays int

@description('A CanNotDelete lock on the account: deleting it (or the resource group) first needs the lock removed by an owner.')
param lockAccount bool

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: storage
  name: 'default'
  properties: {
    // Deleted or overwritten attachments and exports can be recovered for a week; every overwrite keeps the
    // previous version (needed for the backup container's version-level immutability).
    deleteRetentionPolicy: { enabled: true, days: 7 }
    containerDeleteRetentionPolicy: { enabled: true, days: 7 }
    isVersioningEnabled: true
  }
}

// Version-level WORM (https://learn.microsoft.com/azure/storage/blobs/immutable-policy-configure-version-scope):
// set when the container is created; the container's default policy applies to every new blob version. The
// policy is left unlocked so an office can shorten a mistaken period once; docs/deploy.md says how to lock it.
resource backups 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: backupContainer
  properties: {
    publicAccess: 'None'
    immutableStorageWithVersioning: { enabled: true }
  }
}

resource backupPolicy 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2025-06-01' = {
  parent: backups
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: backupRetentionDays
    allowProtectedAppendWrites: false
  }
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for container in containers: {
    parent: blobService
    name: container
    properties: { publicAccess: 'None' }
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource storageTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for table in tables: {
    parent: tableService
    name: table
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource storageQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' = [
  for queue in queues: {
    parent: queueService
    name: queue
  }
]

resource lock 'Microsoft.Authorization/locks@2020-05-01' = if (lockAccount) {
  name: 'afterglow-data-cannot-delete'
  scope: storage
  properties: {
    level: 'CanNotDelete'
    notes: 'Everything Afterglow knows is in this account. Remove the lock on purpose before deleting it.'
  }
}

output id string = storage.id
output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output tableEndpoint string = storage.properties.primaryEndpoints.table
output queueEndpoint string = storage.properties.primaryEndpoints.queue
