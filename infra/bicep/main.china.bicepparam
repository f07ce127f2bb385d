// Azure China (21Vianet): docs/deploy-china.md. No Communication Services there: SMS goes through Alibaba Cloud
// or Tencent Cloud, whose keys are passed at deployment (smsKeyId / smsKeySecret) and kept in Key Vault.
// Flex Consumption is not offered in Azure China when this was written: a Dedicated (B1) plan runs the same zip.
using 'main.bicep'

param environmentName = 'afterglow'
param cloud = 'AzureChinaCloud'
param hostingPlan = 'Dedicated'
param smsGateway = 'aliyun'
param officeTimeZone = 'Asia/Shanghai'
param officePhoneRegion = 'CN'
param alertEmail = readEnvironmentVariable('AFTERGLOW_ALERT_EMAIL', 'oncall@example.org')
param alertSmsCountryCode = '86'
param smsKeyId = readEnvironmentVariable('AFTERGLOW_SMS_KEY_ID', '')
param smsKeySecret = readEnvironmentVariable('AFTERGLOW_SMS_KEY_SECRET', '')
param smsSignName = readEnvironmentVariable('AFTERGLOW_SMS_SIGN_NAME', '')
param smsSdkAppId = readEnvironmentVariable('AFTERGLOW_SMS_SDK_APP_ID', '')
param smsCallbackSecret = readEnvironmentVariable('AFTERGLOW_SMS_CALLBACK_SECRET', '')
