// Inbound SMS and delivery reports: an Event Grid system topic on the Communication Services resource,
// delivering each event type to its Event Grid trigger function (the Functions host does the handshake).
param name string
param tags object
param communicationServiceId string
param functionAppId string

@description('Subscriptions need the functions to exist, so the first deployment (before the code is deployed) leaves them out.')
param deploySubscriptions bool

var subscriptions = [
  { name: 'sms-received', eventType: 'Microsoft.Communication.SMSReceived', function: 'SmsReceived' }
  { name: 'sms-delivery-report', eventType: 'Microsoft.Communication.SMSDeliveryReportReceived', function: 'SmsDeliveryReport' }
]

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: 'global'
  tags: tags
  properties: {
    source: communicationServiceId
    topicType: 'Microsoft.Communication.CommunicationServices'
  }
}

resource eventSubscriptions 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = [
  for s in subscriptions: if (deploySubscriptions) {
    parent: topic
    name: s.name
    properties: {
      destination: {
        endpointType: 'AzureFunction'
        properties: {
          resourceId: '${functionAppId}/functions/${s.function}'
          maxEventsPerBatch: 1
          preferredBatchSizeInKilobytes: 64
        }
      }
      filter: {
        includedEventTypes: [s.eventType]
      }
      eventDeliverySchema: 'EventGridSchema'
      retryPolicy: {
        // A reply or a delivery report is worth retrying for a day; the outbox tolerates duplicates.
        maxDeliveryAttempts: 30
        eventTimeToLiveInMinutes: 1440
      }
    }
  }
]

output id string = topic.id
