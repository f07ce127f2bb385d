using Afterglow.App.Office;
using Afterglow.App.Storage;
using Microsoft.Extensions.Configuration;

namespace Afterglow.Tests.Storage;

/// <summary>Storage and Office settings are read once and checked at start; a bad one names itself.</summary>
public class OptionsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    private const string Connection = "UseDevelopmentStorage=true";

    [Fact]
    public void Storage_settings_are_read_with_their_defaults()
    {
        var o = StorageOptions.Read(Config(("Storage:ConnectionString", Connection), ("Storage:Prefix", "t1"), ("Storage:MaxRetries", "1"), ("Storage:RetryDelaySeconds", "0.2")));
        Assert.Equal(Connection, o.ConnectionString);
        Assert.Equal("t1", o.Prefix);
        Assert.Equal(1, o.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(0.2), o.RetryDelay);
        Assert.Equal(3, StorageOptions.Read(Config(("Storage:ConnectionString", Connection))).MaxRetries);
        var azure = StorageOptions.Read(Config(("Storage:TableServiceUri", "https://a.table.core.windows.net"), ("Storage:BlobServiceUri", "https://a.blob.core.windows.net")));
        Assert.Null(azure.ConnectionString);
    }

    [Theory]
    [InlineData("Storage:TableServiceUri", "Storage:TableServiceUri", "not a uri")]
    [InlineData("Storage:Prefix", "Storage:Prefix", "has-dash")]
    [InlineData("Storage:Prefix", "Storage:Prefix", "1starts")]
    [InlineData("Storage:MaxRetries", "Storage:MaxRetries", "11")]
    [InlineData("Storage:MaxRetries", "Storage:MaxRetries", "two")]
    [InlineData("Storage:RetryDelaySeconds", "Storage:RetryDelaySeconds", "0")]
    public void A_bad_storage_setting_stops_the_start_naming_it(string named, string key, string value)
    {
        var settings = new List<(string, string)>();
        if (!key.StartsWith("Storage:TableServiceUri")) settings.Add(("Storage:ConnectionString", Connection));
        else settings.Add(("Storage:BlobServiceUri", "https://a.blob.core.windows.net"));
        settings.Add((key, value));
        var e = Assert.Throws<InvalidOperationException>(() => StorageOptions.Read(Config([.. settings])));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void No_storage_at_all_stops_the_start_saying_what_to_set()
    {
        var e = Assert.Throws<InvalidOperationException>(() => StorageOptions.Read(Config()));
        Assert.Contains("Storage:ConnectionString", e.Message);
        Assert.Contains("Storage:TableServiceUri", e.Message);
    }

    [Fact]
    public void Office_settings_are_read_with_their_defaults()
    {
        var d = OfficeOptions.Read(Config());
        Assert.Equal(OfficeOptions.DefaultName, d.Name);
        Assert.Equal("CN", d.PhoneRegion);
        var o = OfficeOptions.Read(Config(("Office:Name", "老干部处"), ("Office:TimeZone", "Europe/Berlin"), ("Office:PhoneRegion", "de")));
        Assert.Equal("老干部处", o.Name);
        Assert.Equal("Europe/Berlin", o.Zone().Id);
        Assert.Equal("DE", o.PhoneRegion);
    }

    [Theory]
    [InlineData("Office:TimeZone", "Mars/Olympus")]
    [InlineData("Office:PhoneRegion", "CHN")]
    [InlineData("Office:PhoneRegion", "1A")]
    [InlineData("Office:Name", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一")]
    public void A_bad_office_setting_stops_the_start_naming_it(string key, string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => OfficeOptions.Read(Config((key, value))));
        Assert.Contains(key, e.Message);
    }
}
