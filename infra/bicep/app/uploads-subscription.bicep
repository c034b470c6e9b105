// Delivers BlobCreated events for the uploads container to the Functions blob trigger (Source = EventGrid).
// Event Grid validates the webhook when the subscription is created, so main.bicep adds this only once the app runs
// its real image (see docs/deploy.md, "Post-deploy").
param storageAccountName string
param systemTopicName string
param uploadsContainerName string
param failedContainerName string

@secure()
@description('The blob trigger\'s webhook, with the blobs_extension system key in its query: a secret as a whole.')
param endpointUrl string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource uploadsSubscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: 'uploads-to-functions'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: endpointUrl
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${uploadsContainerName}/'
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storage.id
          blobContainerName: failedContainerName
        }
      }
    }
  }
}
