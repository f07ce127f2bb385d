// Azure Communication Services: the SMS gateway. Phone numbers are bought in the portal after deployment
// (docs/deploy.md); the app signs in with the managed identity, never with the access key.
param name string
param tags object

@description('Where ACS stores data at rest, e.g. Asia Pacific, Europe, United States.')
param dataLocation string

resource communication 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: name
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

output id string = communication.id
output name string = communication.name
output hostName string = communication.properties.hostName
