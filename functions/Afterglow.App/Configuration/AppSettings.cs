namespace Afterglow.App.Configuration;

/// <summary>
/// Every setting the app reads, in one place, so the deployment test can check that the Bicep sets each one
/// that production needs (or that it is a secret the operator supplies).
/// </summary>
public static class AppSettings
{
    // Storage: a connection string locally (Azurite); service URIs + managed identity in Azure.
    public const string StorageConnectionString = "Storage__ConnectionString";
    public const string StorageTableServiceUri = "Storage__TableServiceUri";
    public const string StorageBlobServiceUri = "Storage__BlobServiceUri";
    public const string StorageCredential = "Storage__Credential";
    public const string StorageClientId = "Storage__ClientId";
    public const string StorageQueueServiceUri = "Storage__QueueServiceUri";
    // Optional (StorageOptions): a name prefix for every table and container, and the SDK's retries per call.
    public const string StoragePrefix = "Storage__Prefix";
    public const string StorageMaxRetries = "Storage__MaxRetries";
    public const string StorageRetryDelaySeconds = "Storage__RetryDelaySeconds";

    // SMS through Azure Communication Services: endpoint + managed identity in Azure.
    public const string SmsGateway = "Sms__Gateway";
    public const string AcsEndpoint = "Acs__Endpoint";
    public const string AcsCredential = "Acs__Credential";
    public const string AcsClientId = "Acs__ClientId";
    public const string AcsConnectionString = "Acs__ConnectionString";
    public const string SmsFrom = "Sms__From";
    // Optional, with defaults (SmsOptions): pacing per sender, expiry, cost per segment, quiet hours "21:00-08:00".
    public const string SmsRatePerMinute = "Sms__RatePerMinute";
    public const string SmsExpiryMinutes = "Sms__ExpiryMinutes";
    public const string SmsCostPerSegment = "Sms__CostPerSegment";
    public const string SmsCurrency = "Sms__Currency";
    public const string SmsQuietHours = "Sms__QuietHours";
    public const string SmsThrottleDelayMilliseconds = "Sms__ThrottleDelayMilliseconds";
    // Mainland China (issue 11): the registered signature, the callback secret, and in Development whose rules the dev phone applies.
    public const string SmsSignName = "Sms__SignName";
    public const string SmsCallbackSecret = "Sms__CallbackSecret";
    public const string SmsRules = "Sms__Rules";
    public const string SmsMaxVariableLength = "Sms__MaxVariableLength";
    // Alibaba Cloud SMS and Tencent Cloud SMS keys (Key Vault references in Azure); template codes are Sms__Registrations__{template}__{zh|en}__Code.
    public const string AliyunAccessKeyId = "Aliyun__AccessKeyId";
    public const string AliyunAccessKeySecret = "Aliyun__AccessKeySecret";
    public const string AliyunEndpoint = "Aliyun__Endpoint";
    public const string TencentSecretId = "Tencent__SecretId";
    public const string TencentSecretKey = "Tencent__SecretKey";
    public const string TencentEndpoint = "Tencent__Endpoint";
    public const string TencentRegion = "Tencent__Region";
    public const string TencentSdkAppId = "Tencent__SdkAppId";

    // The office.
    public const string OfficeTimeZone = "Office__TimeZone";
    public const string OfficePhoneRegion = "Office__PhoneRegion";
    // Optional: the office's name as staff see it in the dashboard (default 离退休工作处).
    public const string OfficeName = "Office__Name";

    // Sign-in: the first admin, and optional Entra ID (OpenID Connect).
    public const string AdminEmail = "AFTERGLOW_ADMIN_EMAIL";
    public const string AdminPassword = "AFTERGLOW_ADMIN_PASSWORD";
    public const string OidcAuthority = "Auth__Oidc__Authority";
    public const string OidcClientId = "Auth__Oidc__ClientId";
    public const string OidcClientSecret = "Auth__Oidc__ClientSecret";
    // Optional (AuthOptions): sign-in attempts a minute per address and per account.
    public const string AuthLoginAttemptsPerMinute = "Auth__LoginAttemptsPerMinute";

    // Optional (CheckInsOptions): check-ins the sweep works on at once; the share the morning watch lets go missing.
    public const string CheckInsParallelism = "CheckIns__Parallelism";
    public const string CheckInsWatchTolerance = "CheckIns__WatchTolerance";
    // Optional: recipients per chunk of a mass check-in job (default 500).
    public const string CheckInsMassChunkSize = "CheckIns__MassChunkSize";

    // Optional (EventsOptions): the office-time hour of the day-before reminder (default 10:00), and what retirees living
    // elsewhere are told instead of an invitation when the event sets no text of its own.
    public const string EventsReminderAt = "Events__ReminderAt";
    public const string EventsElsewhereText = "Events__ElsewhereText";

    // Optional (BereavementOptions): days after a death is recorded by which each checklist item is due.
    public const string BereavementVisitDays = "Bereavement__VisitDays";
    public const string BereavementFuneralAllowanceDays = "Bereavement__FuneralAllowanceDays";
    public const string BereavementPensionPaymentDays = "Bereavement__PensionPaymentDays";
    public const string BereavementSurvivorAidDays = "Bereavement__SurvivorAidDays";

    // Optional (HealthOptions): minutes before /api/health calls the engine stuck.
    public const string HealthSweepStaleMinutes = "Health__SweepStaleMinutes";
    public const string HealthStepOverdueMinutes = "Health__StepOverdueMinutes";
    public const string HealthOutboxStaleMinutes = "Health__OutboxStaleMinutes";
    // Optional: minutes between the engine alarm's SMS to the coordinator on duty and its one reminder (default 60).
    public const string HealthAlertReminderMinutes = "Health__AlertReminderMinutes";

    // Optional (RetentionOptions): days each kind of finished row is kept, Retention__{FeedDays,BatchDays,PacingDays,InboxDays,OutboxDays,InboundClaimDays}.
    public const string RetentionPrefix = "Retention__";

    // Optional: Application Insights (the Bicep sets it); without it no telemetry is exported (TelemetryExtensions).
    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    // "ClientId=…;Authorization=AAD": the resource takes Entra ID tokens only (local auth off), from this identity.
    public const string ApplicationInsightsAuthenticationString = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    // The host.
    public const string CustomHandlerPort = "FUNCTIONS_CUSTOMHANDLER_PORT";
    public const string WebRoot = "AFTERGLOW_WEB_ROOT";

    /// <summary>Settings a production deployment must have, and whether the Bicep sets them or the operator does.</summary>
    public static readonly IReadOnlyList<(string Key, SettingSource Source)> Production =
    [
        (StorageTableServiceUri, SettingSource.Bicep),
        (StorageBlobServiceUri, SettingSource.Bicep),
        (StorageCredential, SettingSource.Bicep),
        (StorageClientId, SettingSource.Bicep),
        (SmsGateway, SettingSource.Bicep),
        (AcsEndpoint, SettingSource.Bicep),
        (AcsCredential, SettingSource.Bicep),
        (AcsClientId, SettingSource.Bicep),
        (OfficeTimeZone, SettingSource.Bicep),
        (OfficePhoneRegion, SettingSource.Bicep),
        (SmsFrom, SettingSource.Operator),
        (AdminEmail, SettingSource.Operator),
        (AdminPassword, SettingSource.Operator),
    ];
}

public enum SettingSource { Bicep, Operator }
