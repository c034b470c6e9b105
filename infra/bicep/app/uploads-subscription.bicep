// Delivers BlobCreated events for the uploads container to the Functions blob trigger (Source = EventGrid).
// Event Grid validates the webhook when the subscription is created, so main.bicep adds this only once the app runs
// its real image (see docs/deploy.md, "Post-deploy").
param storageAccountName string
param systemTopicName string
param uploadsContainerName string
param failedContainerName string
param functionsFqdn string

@description('The blob-triggered function: the webhook addresses it as Host.Functions.<name>.')
param blobFunctionName string

@secure()
@description('The blobs_extension system key the app reads from its Container Apps secret store.')
param blobsExtensionKey string

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
        endpointUrl: 'https://${functionsFqdn}/runtime/webhooks/blobs?functionName=Host.Functions.${blobFunctionName}&code=${uriComponent(blobsExtensionKey)}'
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
