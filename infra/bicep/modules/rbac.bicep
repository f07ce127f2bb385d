// Every role the app's identity (and, optionally, the person or pipeline that deploys) holds, in one place.
// Role assignment names are guid(scope, principal, role) so a redeployment finds the same assignment.
param storageAccountName string
param applicationInsightsName string
@description('Communication Services resource; empty when the SMS gateway is not ACS (Azure China).')
param communicationServiceName string

@description('Principal id of the app\'s user-assigned identity.')
param appPrincipalId string

@description('Optional: object id of a user or service principal that uploads the package (Premium/Dedicated plans) and backs up the data with --auth-mode login.')
param operatorPrincipalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
param operatorPrincipalType string = 'User'

var roles = {
  // Storage Blob Data Owner: read/write blobs, and the Functions host's blob leases for timers.
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // Storage Blob Data Contributor: the operator's package uploads and backups.
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  // Storage Table Data Contributor: the registry, outbox, audit trail (create tables, read/write entities).
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // Storage Queue Data Contributor: the Functions host's internal queues.
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // Monitoring Metrics Publisher: send telemetry to Application Insights with local auth off.
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  // Contributor, scoped to the Communication Services resource only: sending SMS with an Entra ID token
  // needs a role on the resource, and no built-in role narrower than this grants it (Microsoft's quickstarts use
  // Contributor; "Communication and Email Service Owner" is for e-mail domains). It reaches nothing else.
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c'
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource communication 'Microsoft.Communication/communicationServices@2025-05-01' existing = if (!empty(communicationServiceName)) {
  name: communicationServiceName
}

var appStorageRoles = [roles.storageBlobDataOwner, roles.storageTableDataContributor, roles.storageQueueDataContributor]

resource appStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in appStorageRoles: {
    name: guid(storage.id, appPrincipalId, role)
    scope: storage
    properties: {
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

resource appTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, appPrincipalId, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}

resource appSms 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(communicationServiceName)) {
  name: guid(communication.id, appPrincipalId, roles.contributor)
  scope: communication
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.contributor)
  }
}

var operatorStorageRoles = empty(operatorPrincipalId) ? [] : [roles.storageBlobDataContributor, roles.storageTableDataContributor]

resource operatorStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in operatorStorageRoles: {
    name: guid(storage.id, operatorPrincipalId, role)
    scope: storage
    properties: {
      principalId: operatorPrincipalId
      principalType: operatorPrincipalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]
