using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Data.Tables;

namespace Afterglow.App.Backups;

/// <summary>
/// One table entity as one JSON line, every property with its EDM type, so a restore gives back exactly the types
/// that were saved (an Int64 stays an Int64, a DateTime a DateTime, binary stays binary). Timestamp and the ETag are
/// the service's own and are not kept.
/// </summary>
public static class EntityJson
{
    public static JsonObject Write(TableEntity entity)
    {
        var properties = new JsonObject();
        foreach (var (name, value) in entity)
        {
            if (name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag" || value is null) continue;
            var (type, text) = value switch
            {
                string s => ("Edm.String", s),
                bool b => ("Edm.Boolean", b ? "true" : "false"),
                int i => ("Edm.Int32", i.ToString(CultureInfo.InvariantCulture)),
                long l => ("Edm.Int64", l.ToString(CultureInfo.InvariantCulture)),
                double d => ("Edm.Double", d.ToString("R", CultureInfo.InvariantCulture)),
                DateTimeOffset t => ("Edm.DateTime", t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
                DateTime t => ("Edm.DateTime", t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
                Guid g => ("Edm.Guid", g.ToString()),
                byte[] bytes => ("Edm.Binary", Convert.ToBase64String(bytes)),
                BinaryData data => ("Edm.Binary", Convert.ToBase64String(data.ToArray())),
                _ => throw new NotSupportedException($"Property {name} has a type a table cannot hold: {value.GetType()}."),
            };
            properties[name] = new JsonObject { ["t"] = type, ["v"] = text };
        }
        return new JsonObject { ["pk"] = entity.PartitionKey, ["rk"] = entity.RowKey, ["p"] = properties };
    }

    public static TableEntity Read(JsonNode line)
    {
        var entity = new TableEntity(line["pk"]!.GetValue<string>(), line["rk"]!.GetValue<string>());
        foreach (var (name, node) in line["p"]!.AsObject())
        {
            var text = node!["v"]!.GetValue<string>();
            entity[name] = node["t"]!.GetValue<string>() switch
            {
                "Edm.String" => text,
                "Edm.Boolean" => text == "true",
                "Edm.Int32" => int.Parse(text, CultureInfo.InvariantCulture),
                "Edm.Int64" => long.Parse(text, CultureInfo.InvariantCulture),
                "Edm.Double" => double.Parse(text, CultureInfo.InvariantCulture),
                "Edm.DateTime" => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                "Edm.Guid" => Guid.Parse(text),
                "Edm.Binary" => Convert.FromBase64String(text),
                var t => throw new NotSupportedException($"Unknown type {t} for {name}."),
            };
        }
        return entity;
    }
}
