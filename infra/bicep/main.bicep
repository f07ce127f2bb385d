// Afterglow in one resource group: the function app (custom handler), its storage, Communication Services
// for SMS with Event Grid for replies and delivery reports, and monitoring. Deploy with docs/deploy.md.
targetScope = 'resourceGroup'

@minLength(1)
@maxLength(20)
@description('A short name for this office\'s deployment, e.g. "afterglow-east"; used to name every resource.')
param environmentName string

@description('Azure region for everything but Communication Services (which is global).')
param location string = resourceGroup().location

@description('FlexConsumption (default, pay per use), or Premium (EP1) / Dedicated (B1) where the region has no Flex Consumption.')
@allowed(['FlexConsumption', 'Premium', 'Dedicated'])
param hostingPlan string = 'FlexConsumption'

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
]

@description('Blob containers the app uses (the deployment container is added to these).')
param containers array = ['attachments', 'dataprotection', 'exports']

@secure()
@description('Operator: the SMS sender, an ACS phone number in E.164 (e.g. +18005550100). Until it is set the app queues SMS but cannot send.')
param smsFrom string = ''

@secure()
@description('Operator: the first admin\'s e-mail; created at first start when AFTERGLOW_ADMIN_PASSWORD is also given.')
param adminEmail string = ''

@secure()
@description('Operator: the first admin\'s password. Deploy once with it, sign in, then deploy again without it.')
param adminPassword string = ''

@description('Optional Entra ID sign-in: the authority, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0.')
param oidcAuthority string = ''

@description('Optional Entra ID sign-in: the app registration\'s client id.')
param oidcClientId string = ''

@secure()
@description('Optional Entra ID sign-in: the app registration\'s client secret.')
param oidcClientSecret string = ''

@description('Create the Event Grid subscriptions to SmsReceived / SmsDeliveryReport. Needs the code deployed first.')
param deployEventSubscriptions bool = false

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
    containers: union(containers, [deploymentContainer])
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

module communication 'modules/communication.bicep' = {
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
    communicationServiceName: communication.outputs.name
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
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    communicationHostName: communication.outputs.hostName
    deploymentContainer: deploymentContainer
    officeTimeZone: officeTimeZone
    officePhoneRegion: officePhoneRegion
    smsFrom: smsFrom
    adminEmail: adminEmail
    adminPassword: adminPassword
    oidcAuthority: oidcAuthority
    oidcClientId: oidcClientId
    oidcClientSecret: oidcClientSecret
  }
  // The app starts as soon as it exists: its roles must be in place first.
  dependsOn: [rbac]
}

module eventGrid 'modules/eventgrid.bicep' = {
  name: 'eventgrid'
  params: {
    name: 'evgt-${environmentName}-${token}'
    tags: tags
    communicationServiceId: communication.outputs.id
    functionAppId: functionApp.outputs.id
    deploySubscriptions: deployEventSubscriptions
  }
}

output AZURE_LOCATION string = location
output FUNCTION_APP_NAME string = functionApp.outputs.name
output FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'
output HOSTING_PLAN string = hostingPlan
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output DEPLOYMENT_CONTAINER string = deploymentContainer
output COMMUNICATION_SERVICE_NAME string = communication.outputs.name
output APPLICATION_INSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
