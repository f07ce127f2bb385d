using System.Reflection;
using System.Xml.Linq;

namespace Afterglow.Tests.Hosting;

/// <summary>
/// The types the Native AOT compile builds ahead (Hosting/aot-types.rd.xml, written by scripts/aot-types.sh) are real
/// types of the handler and its frameworks: a renamed or removed one would silently stop being built ahead.
/// </summary>
public class AotTypesTests
{
    private static readonly XNamespace Rd = "http://schemas.microsoft.com/netfx/2013/01/metadata";

    [Fact]
    public void Every_type_in_the_list_resolves_in_its_assembly()
    {
        var file = Deployment.Repository.PathTo("functions/Afterglow.App/Hosting/aot-types.rd.xml");
        var assemblies = XDocument.Load(file).Root!.Element(Rd + "Application")!.Elements(Rd + "Assembly").ToList();
        Assert.NotEmpty(assemblies);
        var missing = new List<string>();
        var count = 0;
        foreach (var assembly in assemblies)
            foreach (var type in assembly.Elements(Rd + "Type"))
            {
                count++;
                var name = $"{type.Attribute("Name")!.Value}, {assembly.Attribute("Name")!.Value}";
                if (Type.GetType(name, Load, null) is null) missing.Add(name);
            }
        Assert.True(missing.Count == 0, "Not found (run scripts/aot-types.sh):\n" + string.Join("\n", missing));
        // The container's own generics at least: loggers, options and the arrays its IEnumerable<T> services are.
        Assert.True(count > 100, $"only {count} types");
    }

    private static Assembly? Load(AssemblyName name)
    {
        try { return Assembly.Load(name); }
        catch (FileNotFoundException) { return null; }
    }
}
