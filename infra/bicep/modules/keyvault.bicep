// Secrets the app cannot avoid (the Entra ID sign-in client secret, a Chinese SMS provider's keys) live here,
// never in app settings: the settings hold Key Vault references the platform resolves with the app's identity
// (https://learn.microsoft.com/azure/app-service/app-service-key-vault-references). RBAC authorisation;
// soft delete and purge protection so a deleted secret can be recovered.
param name string
param location string
param tags object

@description('Principal id of the app\'s identity: reads secrets (Key Vault Secrets User), nothing else.')
param appPrincipalId string

@secure()
param oidcClientSecret string
@secure()
param smsKeyId string
@secure()
param smsKeySecret string
@secure()
param smsCallbackSecret string

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

// Key Vault Secrets User: read secret values.
var secretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource appSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appPrincipalId, secretsUser)
  scope: vault
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUser)
  }
}

resource oidc 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(oidcClientSecret)) {
  parent: vault
  name: 'oidc-client-secret'
  properties: { value: oidcClientSecret }
}

resource smsId 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(smsKeyId)) {
  parent: vault
  name: 'sms-key-id'
  properties: { value: smsKeyId }
}

resource smsSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(smsKeySecret)) {
  parent: vault
  name: 'sms-key-secret'
  properties: { value: smsKeySecret }
}

resource smsCallback 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(smsCallbackSecret)) {
  parent: vault
  name: 'sms-callback-secret'
  properties: { value: smsCallbackSecret }
}

output name string = vault.name
