// The registry azd pushes the image to. Premium allows artifact streaming, which shortens GPU cold starts.
param name string
param location string
param tags object

@allowed(['Basic', 'Standard', 'Premium'])
param sku string

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    adminUserEnabled: false
    anonymousPullEnabled: false
    publicNetworkAccess: 'Enabled'
  }
}

output name string = registry.name
output loginServer string = registry.properties.loginServer
