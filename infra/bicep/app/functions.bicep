// The Functions app as a native Functions container app (kind: functionapp) on the GPU workload profile.
param name string
param location string
param tags object
param environmentId string
param gpuProfileName string

@description('vCPU and memory of one replica: a serverless GPU profile gives a replica the whole GPU node.')
param cpu string
param memory string

param image string
param registryServer string
param identityId string
param identityClientId string
param storageAccountName string
param storageBlobEndpoint string
param containers object
param scanEventsTopicEndpoint string
param applicationInsightsConnectionString string

@minValue(0)
param minReplicas int
@minValue(1)
param maxReplicas int

@secure()
param masterKey string
@secure()
param defaultHostKey string
@secure()
param blobsExtensionKey string

// Keys live in the Container Apps secret store: the Functions host reads them as files from
// /run/secrets/functions-keys, named host.master, host.function.<name>, host.systemKey.<extension>.
var functionKeys = [
  { secret: 'host-master', path: 'host.master', value: masterKey }
  { secret: 'host-function-default', path: 'host.function.default', value: defaultHostKey }
  { secret: 'host-systemkey-blobs-extension', path: 'host.systemKey.blobs_extension', value: blobsExtensionKey }
]

resource app 'Microsoft.App/containerApps@2024-10-02-preview' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    managedEnvironmentId: environmentId
    workloadProfileName: gpuProfileName
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 80
        allowInsecure: false
        transport: 'auto'
      }
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
      secrets: concat(
        map(functionKeys, key => { name: key.secret, value: key.value }),
        [
          { name: 'appinsights-connection-string', value: applicationInsightsConnectionString }
        ]
      )
    }
    template: {
      containers: [
        {
          name: 'functions'
          image: image
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: [
            { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'dotnet-isolated' }
            { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
            { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
            { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
            { name: 'AzureWebJobsSecretStorageType', value: 'containerapp' }
            { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', secretRef: 'appinsights-connection-string' }
            { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'Authorization=AAD;ClientId=${identityClientId}' }
            { name: 'AZURE_CLIENT_ID', value: identityClientId }
            { name: 'Storage__ServiceUri', value: storageBlobEndpoint }
            { name: 'Storage__ManagedIdentityClientId', value: identityClientId }
            { name: 'Storage__UploadsContainer', value: containers.uploads }
            { name: 'Storage__VerdictsContainer', value: containers.verdicts }
            { name: 'Storage__ScansContainer', value: containers.scans }
            { name: 'Storage__FailedContainer', value: containers.failed }
            { name: 'Storage__EvidenceContainer', value: containers.evidence }
            { name: 'ScanRequests__UploadsContainerUrl', value: '${storageBlobEndpoint}${containers.uploads}' }
            { name: 'EventGrid__TopicEndpoint', value: scanEventsTopicEndpoint }
            { name: 'EventGrid__ManagedIdentityClientId', value: identityClientId }
            { name: 'Webhooks__AllowLoopback', value: 'false' }
            { name: 'Webhooks__AllowHttp', value: 'false' }
            { name: 'Detection__Device', value: 'cuda' }
          ]
          volumeMounts: [
            {
              volumeName: 'functions-keys'
              mountPath: '/run/secrets/functions-keys'
            }
          ]
        }
      ]
      volumes: [
        {
          name: 'functions-keys'
          storageType: 'Secret'
          secrets: map(functionKeys, key => { secretRef: key.secret, path: key.path })
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
      }
    }
  }
}

output name string = app.name
output fqdn string = app.properties.configuration.ingress.fqdn
