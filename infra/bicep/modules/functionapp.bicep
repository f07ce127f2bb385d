// The function app: Flex Consumption by default, running the self-contained Afterglow executable as a
// custom handler (runtime 'custom' 1.0). Premium (EP1) or Dedicated (B1) where a region has no Flex
// Consumption (docs/decisions/0003-hosting-plan.md). Every setting is a service URI + managed identity, never a key.
param name string
param planName string
param location string
param tags object

@allowed(['FlexConsumption', 'Premium', 'Dedicated'])
param hostingPlan string

@description('Flex Consumption only: the most instances the app may scale out to.')
param maximumInstanceCount int

@description('Flex Consumption only: memory per instance (MB).')
@allowed([512, 2048, 4096])
param instanceMemoryMB int

param identityId string
param identityClientId string
param storageAccountName string
param blobEndpoint string
param tableEndpoint string
param queueEndpoint string
param applicationInsightsConnectionString string
@description('Communication Services host name; empty where there is none (Azure China).')
param communicationHostName string

@description('The SMS gateway: acs, aliyun or tencent (issue 11).')
@allowed(['acs', 'aliyun', 'tencent'])
param smsGateway string

@description('The Key Vault holding the secrets below; the settings carry references, never the values.')
param keyVaultName string
param hasOidcClientSecret bool
param hasSmsKeys bool
param hasSmsCallbackSecret bool

@description('aliyun/tencent: the registered signature; tencent: the SdkAppId.')
param smsSignName string
param smsSdkAppId string

@description('The blob container the deployment package goes to.')
param deploymentContainer string

param officeTimeZone string
param officePhoneRegion string

@secure()
param smsFrom string
@secure()
param adminEmail string
@secure()
param adminPassword string
param oidcAuthority string
param oidcClientId string

var isFlex = hostingPlan == 'FlexConsumption'

var planSku = {
  FlexConsumption: { name: 'FC1', tier: 'FlexConsumption' }
  Premium: { name: 'EP1', tier: 'ElasticPremium' }
  Dedicated: { name: 'B1', tier: 'Basic' }
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: isFlex ? 'functionapp' : (hostingPlan == 'Premium' ? 'elastic' : 'linux')
  sku: planSku[hostingPlan]
  properties: {
    reserved: true // Linux
    maximumElasticWorkerCount: hostingPlan == 'Premium' ? 5 : null
  }
}

// What the host itself needs: its storage (timer locks and schedule status) and telemetry, with the identity.
var hostSettings = [
  { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
  { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
]

// Flex Consumption takes the runtime and the package from functionAppConfig and rejects these settings;
// the other plans need them, and run the package straight from its blob with the identity.
var classicPlanSettings = isFlex
  ? []
  : [
      { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
      { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'custom' }
      { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '${blobEndpoint}${deploymentContainer}/afterglow.zip' }
      { name: 'WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID', value: identityId }
    ]

// What the app reads (functions/Afterglow.App/Configuration/AppSettings.cs; checked by the deployment tests).
var appSettings = [
  { name: 'Storage__TableServiceUri', value: tableEndpoint }
  { name: 'Storage__BlobServiceUri', value: blobEndpoint }
  // The poison count for coordinators (GET /api/sms-events/poison); the queue trigger itself uses AzureWebJobsStorage.
  { name: 'Storage__QueueServiceUri', value: queueEndpoint }
  { name: 'Storage__Credential', value: 'managedidentity' }
  { name: 'Storage__ClientId', value: identityClientId }
  { name: 'Sms__Gateway', value: smsGateway }
  { name: 'Office__TimeZone', value: officeTimeZone }
  { name: 'Office__PhoneRegion', value: officePhoneRegion }
]

var acsOnlySettings = [
  { name: 'Acs__Endpoint', value: 'https://${communicationHostName}' }
  { name: 'Acs__Credential', value: 'managedidentity' }
  { name: 'Acs__ClientId', value: identityClientId }
]
var acsSettings = smsGateway == 'acs' ? acsOnlySettings : []

// A Key Vault reference by vault and secret name: the platform resolves it with keyVaultReferenceIdentity.
func secretRef(vault string, secret string) string => '@Microsoft.KeyVault(VaultName=${vault};SecretName=${secret})'

// Aliyun calls its pair AccessKeyId/AccessKeySecret, Tencent SecretId/SecretKey (docs/deploy-china.md).
var smsKeyNames = {
  acs: []
  aliyun: ['Aliyun__AccessKeyId', 'Aliyun__AccessKeySecret']
  tencent: ['Tencent__SecretId', 'Tencent__SecretKey']
}

var secretSettings = concat(
  hasOidcClientSecret ? [{ name: 'Auth__Oidc__ClientSecret', value: secretRef(keyVaultName, 'oidc-client-secret') }] : [],
  hasSmsKeys && smsGateway != 'acs'
    ? [
        { name: smsKeyNames[smsGateway][0], value: secretRef(keyVaultName, 'sms-key-id') }
        { name: smsKeyNames[smsGateway][1], value: secretRef(keyVaultName, 'sms-key-secret') }
      ]
    : [],
  hasSmsCallbackSecret && smsGateway != 'acs' ? [{ name: 'Sms__CallbackSecret', value: secretRef(keyVaultName, 'sms-callback-secret') }] : []
)

// What a mainland gateway needs besides its keys (Sms/SmsOptions.cs refuses to start without them).
var mainlandSettings = concat(
  smsGateway != 'acs' && !empty(smsSignName) ? [{ name: 'Sms__SignName', value: smsSignName }] : [],
  smsGateway == 'tencent' && !empty(smsSdkAppId) ? [{ name: 'Tencent__SdkAppId', value: smsSdkAppId }] : []
)

// Supplied by the operator, set only when given (a redeployment without them removes them: that is how the
// first admin's password is taken away again).
var operatorSettings = concat(
  empty(smsFrom) ? [] : [{ name: 'Sms__From', value: smsFrom }],
  empty(adminEmail) ? [] : [{ name: 'AFTERGLOW_ADMIN_EMAIL', value: adminEmail }],
  empty(adminPassword) ? [] : [{ name: 'AFTERGLOW_ADMIN_PASSWORD', value: adminPassword }],
  empty(oidcAuthority) ? [] : [{ name: 'Auth__Oidc__Authority', value: oidcAuthority }],
  empty(oidcClientId) ? [] : [{ name: 'Auth__Oidc__ClientId', value: oidcClientId }]
)

// What each plan accepts in siteConfig. Flex Consumption refuses the App Service-only properties (ftpsState,
// alwaysOn, http20Enabled, …: ARM error 51021 in newer regions; "Flex Consumption plan deprecations",
// https://learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations),
// so it gets only what every plan takes. The dashboard is served by the app itself, so no other origin may call the API.
var commonSiteConfig = {
  cors: { allowedOrigins: [] }
  minTlsVersion: '1.2'
}
var siteConfigByPlan = {
  FlexConsumption: commonSiteConfig
  Premium: union(commonSiteConfig, { ftpsState: 'Disabled', http20Enabled: true, alwaysOn: false })
  Dedicated: union(commonSiteConfig, { ftpsState: 'Disabled', http20Enabled: true, alwaysOn: true })
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    functionAppConfig: isFlex
      ? {
          deployment: {
            storage: {
              type: 'blobContainer'
              value: '${blobEndpoint}${deploymentContainer}'
              authentication: {
                type: 'UserAssignedIdentity'
                userAssignedIdentityResourceId: identityId
              }
            }
          }
          scaleAndConcurrency: {
            maximumInstanceCount: maximumInstanceCount
            instanceMemoryMB: instanceMemoryMB
          }
          runtime: {
            name: 'custom'
            version: '1.0'
          }
        }
      : null
    siteConfig: union(siteConfigByPlan[hostingPlan], {
      appSettings: concat(hostSettings, classicPlanSettings, appSettings, acsSettings, mainlandSettings, secretSettings, operatorSettings)
    })
  }
}

output id string = functionApp.id
output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
