// Inbound SMS and delivery reports: an Event Grid system topic on the Communication Services resource delivers
// both event types to a Storage queue that exists from the first deployment, signing in with the topic's own
// managed identity; the SmsEvents queueTrigger function drains it. Events Event Grid cannot deliver for a day
// go to a dead-letter container instead of being dropped (https://learn.microsoft.com/azure/event-grid/handler-storage-queues,
// https://learn.microsoft.com/azure/event-grid/manage-event-delivery).
param name string
param tags object
param communicationServiceId string
param storageAccountName string
param queueName string
param deadLetterContainer string

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: 'global'
  tags: tags
  identity: { type: 'SystemAssigned' }
  properties: {
    source: communicationServiceId
    topicType: 'Microsoft.Communication.CommunicationServices'
  }
}

var deliveryRoles = {
  // Storage Queue Data Message Sender: put messages on a queue, nothing else.
  queueMessageSender: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'
  // Storage Blob Data Contributor: write dead-lettered events as blobs.
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
}

resource topicRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [deliveryRoles.queueMessageSender, deliveryRoles.blobDataContributor]: {
    name: guid(storage.id, topic.id, role)
    scope: storage
    properties: {
      principalId: topic.identity.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

var identity = { type: 'SystemAssigned' }

resource smsEvents 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: 'sms-events'
  properties: {
    deliveryWithResourceIdentity: {
      identity: identity
      destination: {
        endpointType: 'StorageQueue'
        properties: {
          resourceId: storage.id
          queueName: queueName
          // Never expire on the queue: the function may be stopped for a while (a deployment, a restore).
          queueMessageTimeToLiveInSeconds: -1
        }
      }
    }
    deadLetterWithResourceIdentity: {
      identity: identity
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storage.id
          blobContainerName: deadLetterContainer
        }
      }
    }
    filter: {
      includedEventTypes: ['Microsoft.Communication.SMSReceived', 'Microsoft.Communication.SMSDeliveryReportReceived']
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
  dependsOn: [topicRoles]
}

output id string = topic.id
