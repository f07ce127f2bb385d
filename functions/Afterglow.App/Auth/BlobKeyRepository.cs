using System.Xml.Linq;
using Afterglow.App.Storage;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Afterglow.App.Auth;

/// <summary>Data-protection keys as blobs, so every instance can read every session cookie.</summary>
internal sealed class BlobKeyRepository(StorageAccount storage) : IXmlRepository
{
    private BlobContainerClient Container => storage.ContainerAsync(StorageNames.DataProtectionContainer).GetAwaiter().GetResult();

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var container = Container;
        return container.GetBlobs()
            .Select(b => XElement.Parse(container.GetBlobClient(b.Name).DownloadContent().Value.Content.ToString()))
            .ToList();
    }

    public void StoreElement(XElement element, string friendlyName) =>
        Container.GetBlobClient($"{friendlyName}.xml").Upload(BinaryData.FromString(element.ToString(SaveOptions.DisableFormatting)), overwrite: false);
}

internal sealed class BlobKeyRepositorySetup(StorageAccount storage) : IConfigureOptions<KeyManagementOptions>
{
    public void Configure(KeyManagementOptions options) => options.XmlRepository = new BlobKeyRepository(storage);
}
