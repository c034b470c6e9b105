// Event Grid: the storage account's system topic (its uploads subscription is uploads-subscription.bicep, made once
// the app runs) and the custom topic the app publishes scan-completed events to as CloudEvents 1.0.
param location string
param tags object
param storageAccountName string
param systemTopicName string
param scanEventsTopicName string

var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// Events Event Grid could not deliver (the app down for a day) are kept in the failed container.
resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, systemTopic.id, storageBlobDataContributor)
  scope: storage
  properties: {
    principalId: systemTopic.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
  }
}

resource scanEventsTopic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: scanEventsTopicName
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

output systemTopicName string = systemTopic.name
output scanEventsTopicName string = scanEventsTopic.name
output scanEventsTopicEndpoint string = scanEventsTopic.properties.endpoint
