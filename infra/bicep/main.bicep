// Afterglow in one resource group: the function app (custom handler), its storage, Communication Services
// for SMS with Event Grid delivering replies and delivery reports to a Storage queue, Key Vault for the secrets,
// monitoring with alerts, and a backup container. Deploy with docs/deploy.md (Azure China: docs/deploy-china.md).
targetScope = 'resourceGroup'

@description('AzureCloud, or AzureChinaCloud (operated by 21Vianet): there, no Communication Services (SMS by aliyun or tencent), no Flex Consumption.')
@allowed(['AzureCloud', 'AzureChinaCloud'])
param cloud string = 'AzureCloud'

@minLength(1)
@maxLength(20)
@description('A short name for this office\'s deployment, e.g. "afterglow-east"; used to name every resource.')
param environmentName string

@description('Azure region for everything but Communication Services (which is global).')
param location string = resourceGroup().location

@description('FlexConsumption (pay per use; default in Azure), or Premium (EP1) / Dedicated (B1; default in Azure China) where the region has no Flex Consumption.')
@allowed(['FlexConsumption', 'Premium', 'Dedicated'])
param hostingPlan string = cloud == 'AzureChinaCloud' ? 'Dedicated' : 'FlexConsumption'

@description('The SMS gateway: acs (Communication Services, outside mainland China), aliyun or tencent (mainland numbers; the only choices in Azure China).')
@allowed(['acs', 'aliyun', 'tencent'])
param smsGateway string = cloud == 'AzureChinaCloud' ? 'aliyun' : 'acs'

@secure()
@description('aliyun: the AccessKey ID; tencent: the SecretId. Stored in Key Vault, referenced from the settings.')
param smsKeyId string = ''

@secure()
@description('aliyun: the AccessKey secret; tencent: the SecretKey. Stored in Key Vault, referenced from the settings.')
param smsKeySecret string = ''

@description('aliyun/tencent: the registered SMS signature (签名), 2–12 characters without 【】; the app refuses to start without it.')
param smsSignName string = ''

@description('tencent: the SMS application id (SdkAppId).')
param smsSdkAppId string = ''

@secure()
@description('aliyun/tencent: at least 24 random characters in the callback URLs (the providers sign nothing). Stored in Key Vault.')
param smsCallbackSecret string = ''

@description('Who gets alerts: the office\'s on-call e-mail (required for alerts to reach anyone).')
param alertEmail string

@description('Country calling code of the on-call mobile for SMS alerts, e.g. 86.')
param alertSmsCountryCode string = '86'

@description('On-call mobile without the country code for SMS alerts; empty for e-mail only.')
param alertSmsNumber string = ''

@description('Monthly budget for this resource group (billing currency); alerts at 80 % spent and 100 % forecast. 0 for none.')
@minValue(0)
param monthlyBudget int = 500

@description('First day of the budget; must be this month or later (defaults to this month).')
param budgetStartDate string = '${utcNow('yyyy-MM')}-01'

@description('Days each nightly backup cannot be changed or deleted (immutability), then it may be removed.')
@minValue(1)
param backupRetentionDays int = 35

@description('A CanNotDelete lock on the storage account (recommended; remove it on purpose before deleting the deployment).')
param lockStorage bool = true

@description('Flex Consumption: the most instances the app may scale out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Flex Consumption: memory per instance in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Where Communication Services keeps data at rest (e.g. Asia Pacific, Europe, United States).')
param communicationDataLocation string = 'Asia Pacific'

@description('The office\'s time zone (IANA id); check-in times, quiet hours and "today" are computed in it.')
param officeTimeZone string = 'Asia/Shanghai'

@description('The region (ISO 3166 code) for phone numbers written without a country code.')
param officePhoneRegion string = 'CN'

@description('Tables the app uses.')
param tables array = [
  'Retirees'
  'RetireeKeys'
  'RegistryChanges'
  'Accounts'
  'People'
  'Areas'
  'Audit'
  'Jobs'
  'Outbox'
  'Inbox'
  'Templates'
  'Segments'
  'Broadcasts'
  'CheckIns'
  'Incidents'
  'CarePlans'
  'Roster'
  'Settings'
  'Visits'
  'Imports'
  'Events'
  'Bereavements'
  'ReportCounts'
  'Subsidies'
  'VisitPlans'
  'Memos'
  'Groups'
  'Certification'
]

@description('Blob containers the app uses (the deployment container is added to these).')
param containers array = ['attachments', 'dataprotection', 'exports', 'imports']

// Inbound SMS events: Event Grid writes to the queue, the SmsEvents function reads it; after five failed tries
// the Functions host moves a message to "<queue>-poison". Undeliverable events are dead-lettered as blobs.
var smsEventsQueue = 'sms-events'
var smsEventsDeadLetter = 'sms-events-deadletter'
var backupContainer = 'backups'
var isChina = cloud == 'AzureChinaCloud'
var useAcs = smsGateway == 'acs'

@secure()
@description('Operator: the SMS sender, an ACS phone number in E.164 (e.g. +18005550100). Until it is set the app queues SMS but cannot send.')
param smsFrom string = ''

@secure()
@description('Operator: the first admin\'s e-mail; created at first start when AFTERGLOW_ADMIN_PASSWORD is also given.')
param adminEmail string = ''

@secure()
@description('Operator: the first admin\'s password. Deploy once with it, sign in, then deploy again without it.')
param adminPassword string = ''

@description('Optional Entra ID sign-in: the authority; empty means this tenant in this cloud (login endpoint from environment(), e.g. login.chinacloudapi.cn in Azure China).')
param oidcAuthority string = ''

@description('Optional Entra ID sign-in: the app registration\'s client id.')
param oidcClientId string = ''

@secure()
@description('Optional Entra ID sign-in: the app registration\'s client secret.')
param oidcClientSecret string = ''

@description('Optional: object id of the user or service principal that uploads packages (Premium/Dedicated) and takes backups; gets blob and table data roles.')
param operatorPrincipalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
param operatorPrincipalType string = 'User'

var token = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tags = { 'azd-env-name': environmentName, app: 'afterglow' }
var deploymentContainer = 'deployment'

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${environmentName}-${token}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: take('st${replace(environmentName, '-', '')}${token}', 24)
    location: location
    tags: tags
    tables: tables
    containers: union(containers, [deploymentContainer, smsEventsDeadLetter])
    queues: [smsEventsQueue, '${smsEventsQueue}-poison']
    backupContainer: backupContainer
    backupRetentionDays: backupRetentionDays
    lockAccount: lockStorage
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: take('kv${replace(environmentName, '-', '')}${token}', 24)
    location: location
    tags: tags
    appPrincipalId: identity.outputs.principalId
    oidcClientSecret: oidcClientSecret
    smsKeyId: smsKeyId
    smsKeySecret: smsKeySecret
    smsCallbackSecret: smsCallbackSecret
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-${environmentName}-${token}'
    applicationInsightsName: 'appi-${environmentName}-${token}'
    location: location
    tags: tags
  }
}

module communication 'modules/communication.bicep' = if (useAcs && !isChina) {
  name: 'communication'
  params: {
    name: 'acs-${environmentName}-${token}'
    tags: tags
    dataLocation: communicationDataLocation
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    communicationServiceName: useAcs && !isChina ? communication!.outputs.name : ''
    appPrincipalId: identity.outputs.principalId
    operatorPrincipalId: operatorPrincipalId
    operatorPrincipalType: operatorPrincipalType
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: 'func-${environmentName}-${token}'
    planName: 'plan-${environmentName}-${token}'
    location: location
    tags: tags
    hostingPlan: hostingPlan
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    communicationHostName: useAcs && !isChina ? communication!.outputs.hostName : ''
    smsGateway: smsGateway
    keyVaultName: keyVault.outputs.name
    hasOidcClientSecret: !empty(oidcClientSecret)
    hasSmsKeys: !empty(smsKeyId) && !empty(smsKeySecret)
    hasSmsCallbackSecret: !empty(smsCallbackSecret)
    smsSignName: smsSignName
    smsSdkAppId: smsSdkAppId
    deploymentContainer: deploymentContainer
    officeTimeZone: officeTimeZone
    officePhoneRegion: officePhoneRegion
    smsFrom: smsFrom
    adminEmail: adminEmail
    adminPassword: adminPassword
    oidcAuthority: empty(oidcAuthority) && !empty(oidcClientId) ? '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0' : oidcAuthority
    oidcClientId: oidcClientId
  }
  // The app starts as soon as it exists: its roles must be in place first (its secrets are, through keyVaultName).
  dependsOn: [rbac]
}

// The queue exists from the start, so the subscription never waits for the code (nor the code for it).
module eventGrid 'modules/eventgrid.bicep' = if (useAcs && !isChina) {
  name: 'eventgrid'
  params: {
    name: 'evgt-${environmentName}-${token}'
    tags: tags
    communicationServiceId: communication!.outputs.id
    storageAccountName: storage.outputs.name
    queueName: smsEventsQueue
    deadLetterContainer: smsEventsDeadLetter
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    namePrefix: 'afterglow-${environmentName}'
    location: location
    tags: tags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    functionAppHostName: functionApp.outputs.defaultHostName
    alertEmail: alertEmail
    alertSmsCountryCode: alertSmsCountryCode
    alertSmsNumber: alertSmsNumber
    monthlyBudget: monthlyBudget
    budgetStartDate: budgetStartDate
    // Standard availability tests' locations and Consumption budgets are Azure (global) features.
    availabilityTest: !isChina
  }
}

output AZURE_LOCATION string = location
output FUNCTION_APP_NAME string = functionApp.outputs.name
output FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'
output HOSTING_PLAN string = hostingPlan
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output DEPLOYMENT_CONTAINER string = deploymentContainer
output COMMUNICATION_SERVICE_NAME string = useAcs && !isChina ? communication!.outputs.name : ''
output KEY_VAULT_NAME string = keyVault.outputs.name
output BACKUP_CONTAINER string = backupContainer
output CLOUD string = cloud
output APPLICATION_INSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
