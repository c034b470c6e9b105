// deepscan on Azure: the Functions app (Durable orchestration, GPU scoring) as a native Functions container app on a
// serverless GPU workload profile, its storage, registry, identity, monitoring and Event Grid wiring.
// Deployed by `azd up` (azure.yaml); see docs/deploy.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; seeds the resource names.')
param environmentName string

@minLength(1)
@description('Region with serverless GPU capacity and your GPU quota (docs/deploy.md, "GPU quota").')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Serverless GPU profile for the scoring replicas.')
@allowed(['Consumption-GPU-NC8as-T4', 'Consumption-GPU-NC24-A100'])
param gpuProfileType string = 'Consumption-GPU-NC8as-T4'

@description('Replicas kept running. Durable Functions on the Azure Storage provider is not autoscaled on Container Apps, so keep at least 1.')
@minValue(0)
param minReplicas int = 1

@description('Upper bound of replicas; each holds one GPU, so stay within your GPU quota.')
@minValue(1)
param maxReplicas int = 2

@description('Registry SKU; Premium allows artifact streaming for faster GPU cold starts.')
@allowed(['Basic', 'Standard', 'Premium'])
param registrySku string = 'Premium'

@description('Image azd deployed last; empty on the first provision, when a public Functions sample image stands in.')
param functionsImageName string = ''

@description('True once the app runs its real image; the post-deploy hook sets it (docs/deploy.md, "Post-deploy").')
param uploadsSubscriptionEnabled bool = false

@description('Your user object id, granted blob access for test uploads; empty to skip.')
param principalId string = ''

@secure()
@description('Functions master key (admin endpoints).')
@metadata({
  azd: {
    type: 'generate'
    config: {
      length: 48
    }
  }
})
param functionsMasterKey string

@secure()
@description('Functions default host key: callers of POST /api/scans send it as x-functions-key.')
@metadata({
  azd: {
    type: 'generate'
    config: {
      length: 48
    }
  }
})
param functionsHostKey string

@secure()
@description('The blobs_extension system key Event Grid presents to the blob trigger webhook.')
@metadata({
  azd: {
    type: 'generate'
    config: {
      length: 48
    }
  }
})
param blobsExtensionKey string

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var containers = {
  uploads: 'uploads'
  verdicts: 'verdicts'
  scans: 'scans'
  failed: 'failed'
  evidence: 'evidence'
}
var blobFunctionName = 'StartScanOnUpload'
var gpuProfileName = 'gpu'
var replicaSize = {
  'Consumption-GPU-NC8as-T4': { cpu: '8.0', memory: '56Gi' }
  'Consumption-GPU-NC24-A100': { cpu: '24.0', memory: '220Gi' }
}
var placeholderImage = 'mcr.microsoft.com/azure-functions/dotnet8-quickstart-demo:1.0'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'core/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    containerNames: [
      containers.uploads
      containers.verdicts
      containers.scans
      containers.failed
      containers.evidence
    ]
  }
}

module monitoring 'core/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

module registry 'core/registry.bicep' = {
  name: 'registry'
  scope: rg
  params: {
    name: 'cr${resourceToken}'
    location: location
    tags: tags
    sku: registrySku
  }
}

module events 'app/events.bicep' = {
  name: 'events'
  scope: rg
  params: {
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
    systemTopicName: 'evgst-${resourceToken}'
    scanEventsTopicName: 'evgt-scans-${resourceToken}'
  }
}

module roles 'core/roles.bicep' = {
  name: 'roles'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    registryName: registry.outputs.name
    scanEventsTopicName: events.outputs.scanEventsTopicName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
  }
}

module environment 'core/container-apps-environment.bicep' = {
  name: 'container-apps-environment'
  scope: rg
  params: {
    name: 'cae-${resourceToken}'
    location: location
    tags: tags
    logAnalyticsName: monitoring.outputs.logAnalyticsName
    gpuProfileName: gpuProfileName
    gpuProfileType: gpuProfileType
  }
}

module functions 'app/functions.bicep' = {
  name: 'functions'
  scope: rg
  dependsOn: [
    roles
  ]
  params: {
    name: 'func-${resourceToken}'
    location: location
    tags: tags
    environmentId: environment.outputs.id
    gpuProfileName: gpuProfileName
    cpu: replicaSize[gpuProfileType].cpu
    memory: replicaSize[gpuProfileType].memory
    image: !empty(functionsImageName) ? functionsImageName : placeholderImage
    registryServer: registry.outputs.loginServer
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    containers: containers
    scanEventsTopicEndpoint: events.outputs.scanEventsTopicEndpoint
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    masterKey: functionsMasterKey
    defaultHostKey: functionsHostKey
    blobsExtensionKey: blobsExtensionKey
  }
}

module uploadsSubscription 'app/uploads-subscription.bicep' = if (uploadsSubscriptionEnabled) {
  name: 'uploads-subscription'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    systemTopicName: events.outputs.systemTopicName
    uploadsContainerName: containers.uploads
    failedContainerName: containers.failed
    // The webhook addresses the blob-triggered function as Host.Functions.<name>, with the blobs_extension key.
    endpointUrl: 'https://${functions.outputs.fqdn}/runtime/webhooks/blobs?functionName=Host.Functions.${blobFunctionName}&code=${uriComponent(blobsExtensionKey)}'
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_ENVIRONMENT_NAME string = environment.outputs.name
output SERVICE_FUNCTIONS_NAME string = functions.outputs.name
output SERVICE_FUNCTIONS_URI string = 'https://${functions.outputs.fqdn}'
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output STORAGE_UPLOADS_CONTAINER string = containers.uploads
output SCAN_EVENTS_TOPIC_ENDPOINT string = events.outputs.scanEventsTopicEndpoint
output UPLOADS_SUBSCRIPTION_ENABLED bool = uploadsSubscriptionEnabled
