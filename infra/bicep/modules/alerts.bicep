// Who hears about trouble, and what trouble: an action group (e-mail and SMS to the office's on-call) and
// alerts on failed invocations, exceptions, /api/health from outside, a stuck care engine, the SMS failure
// rate, a poisoned inbound event, and the month's spend. Queries read what the Functions host sends to
// Application Insights: one request per invocation, and each invocation's log lines as traces.
param namePrefix string
param location string
param tags object
param applicationInsightsId string
param functionAppHostName string

@description('E-mail of the office\'s on-call person (or a shared mailbox).')
param alertEmail string

@description('Country calling code of the on-call mobile, e.g. 86.')
param alertSmsCountryCode string

@description('On-call mobile number without the country code; empty for e-mail only.')
param alertSmsNumber string

@description('Monthly budget for the resource group in the subscription\'s billing currency; 0 for none.')
param monthlyBudget int

@description('First day of the budget (yyyy-MM-01); budgets cannot start in the past.')
param budgetStartDate string

@description('Standard availability tests and budgets are not offered everywhere (see docs/deploy-china.md).')
param availabilityTest bool

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: '${namePrefix}-oncall'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'afterglow'
    enabled: true
    emailReceivers: [{ name: 'oncall-email', emailAddress: alertEmail, useCommonAlertSchema: true }]
    smsReceivers: empty(alertSmsNumber) ? [] : [{ name: 'oncall-sms', countryCode: alertSmsCountryCode, phoneNumber: alertSmsNumber }]
  }
}

// name, what it means, severity (0 critical … 4 verbose), KQL, threshold (result count > threshold), window.
var logAlerts = [
  {
    name: 'function-failures'
    description: 'Invocations failed (a timer, the inbound queue, or the API answered with an error).'
    severity: 1
    query: 'requests | where success == false | summarize failures = count()'
    threshold: 2
    window: 'PT15M'
  }
  {
    name: 'exceptions'
    description: 'The app threw exceptions.'
    severity: 2
    query: 'exceptions | summarize count()'
    threshold: 4
    window: 'PT15M'
  }
  {
    name: 'care-engine-stuck'
    description: 'The care watch found the check-in sweep late or a morning gap, or the sweep has not run for 15 minutes.'
    severity: 0
    query: 'union (traces | where message has "Care watch:" | project timestamp), (requests | where name == "CheckInSweep" | summarize n = count() | where n == 0 | project timestamp = now()) | summarize count()'
    threshold: 0
    window: 'PT15M'
  }
  {
    name: 'sms-failure-rate'
    description: 'More than one SMS in five failed to deliver in the last hour (at least 10 reports).'
    severity: 1
    query: 'traces | where message startswith "Delivery report " | summarize total = count(), failed = countif(message has ": Failed") | where total >= 10 and failed * 5 > total'
    threshold: 0
    window: 'PT1H'
  }
  {
    name: 'inbound-event-poisoned'
    description: 'An inbound SMS event failed five times and went to the poison queue; a coordinator must look (dashboard health, docs/deploy.md).'
    severity: 1
    query: 'traces | where message has "Inbound SMS event poisoned" | summarize count()'
    threshold: 0
    window: 'PT15M'
  }
]

resource queryAlerts 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for a in logAlerts: {
    name: '${namePrefix}-${a.name}'
    location: location
    tags: tags
    properties: {
      description: a.description
      severity: a.severity
      enabled: true
      scopes: [applicationInsightsId]
      evaluationFrequency: 'PT5M'
      windowSize: a.window
      criteria: {
        allOf: [
          {
            query: a.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: a.threshold
            failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
          }
        ]
      }
      autoMitigate: true
      actions: { actionGroups: [actionGroup.id] }
    }
  }
]

// /api/health from three places every five minutes; two failing places alert.
resource healthTest 'Microsoft.Insights/webtests@2022-06-15' = if (availabilityTest) {
  name: '${namePrefix}-health'
  location: location
  tags: union(tags, { 'hidden-link:${applicationInsightsId}': 'Resource' })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: '${namePrefix}-health'
    Name: 'Afterglow /api/health'
    Kind: 'standard'
    Enabled: true
    Frequency: 300
    Timeout: 30
    RetryEnabled: true
    Locations: [{ Id: 'apac-hk-hkn-azr' }, { Id: 'apac-sg-sin-azr' }, { Id: 'apac-jp-kaw-edge' }]
    Request: { RequestUrl: 'https://${functionAppHostName}/api/health', HttpVerb: 'GET' }
    ValidationRules: { ExpectedHttpStatusCode: 200, SSLCheck: true, SSLCertRemainingLifetimeCheck: 7 }
  }
}

resource healthAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = if (availabilityTest) {
  name: '${namePrefix}-health-down'
  location: 'global'
  tags: tags
  properties: {
    description: '/api/health did not answer 200 from two test locations.'
    severity: 0
    enabled: true
    scopes: [healthTest.id, applicationInsightsId]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: healthTest.id
      componentId: applicationInsightsId
      failedLocationCount: 2
    }
    actions: [{ actionGroupId: actionGroup.id }]
  }
}

// SMS has no spending cap of its own: the budget is the cap an office sees coming.
resource budget 'Microsoft.Consumption/budgets@2024-08-01' = if (availabilityTest && monthlyBudget > 0) {
  name: '${namePrefix}-monthly'
  properties: {
    category: 'Cost'
    amount: monthlyBudget
    timeGrain: 'Monthly'
    timePeriod: { startDate: budgetStartDate }
    notifications: {
      actual80: {
        enabled: true
        operator: 'GreaterThanOrEqualTo'
        threshold: 80
        thresholdType: 'Actual'
        contactEmails: [alertEmail]
        contactGroups: [actionGroup.id]
      }
      forecast100: {
        enabled: true
        operator: 'GreaterThan'
        threshold: 100
        thresholdType: 'Forecasted'
        contactEmails: [alertEmail]
        contactGroups: [actionGroup.id]
      }
    }
  }
}

output actionGroupId string = actionGroup.id
