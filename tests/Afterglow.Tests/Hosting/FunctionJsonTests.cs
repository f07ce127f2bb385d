using Afterglow.App.Hosting;
using Afterglow.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Hosting;

/// <summary>The function.json files are what Azure runs; they must agree with what the app serves.</summary>
public class FunctionJsonTests(AppFactory app) : AppTests(app)
{
    private static readonly string[] KnownTriggers = ["httpTrigger", "timerTrigger", "eventGridTrigger", "queueTrigger"];

    private FunctionCatalog Catalog => App.Services.GetRequiredService<FunctionCatalog>();

    private IReadOnlyList<RouteEndpoint> Endpoints => App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    [Fact]
    public void Every_function_has_one_known_trigger_and_valid_bindings()
    {
        Assert.NotEmpty(Catalog.Functions);
        foreach (var f in Catalog.Functions)
        {
            Assert.Contains(f.Trigger.Type, KnownTriggers);
            if (f.IsHttp)
            {
                Assert.False(string.IsNullOrEmpty(f.Trigger.Route), $"{f.Name} needs a route");
                Assert.Contains(f.Bindings, b => b is { Type: "http", Direction: "out" });
                TemplateParser.Parse(f.Trigger.Route!);
            }
            if (f.IsTimer)
            {
                Assert.False(string.IsNullOrEmpty(f.Trigger.Schedule), $"{f.Name} needs a schedule");
                TimerScheduler.ParseSchedule(f.Trigger.Schedule!);
            }
        }
    }

    [Fact]
    public void Host_json_proxies_http_without_a_route_prefix()
    {
        var host = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Catalog.AppRoot, "host.json")))!;
        Assert.True(host["customHandler"]!["enableProxyingHttpRequest"]!.GetValue<bool>());
        Assert.Equal("", host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
        Assert.Equal("Afterglow", host["customHandler"]!["description"]!["defaultExecutablePath"]!.GetValue<string>());
    }

    [Fact]
    public void Every_timer_and_event_function_is_served_by_the_app_and_every_invocation_endpoint_has_a_function()
    {
        var invocations = Endpoints.Select(e => e.Metadata.GetMetadata<InvocationEndpointAttribute>()?.FunctionName).OfType<string>().ToHashSet();
        foreach (var f in Catalog.Functions.Where(f => !f.IsHttp))
            Assert.Contains(f.Name, invocations);
        foreach (var name in invocations)
            Assert.NotNull(Catalog.Find(name));
    }

    [Fact]
    public void Every_http_route_the_app_maps_is_covered_by_an_http_function()
    {
        var publicRoutes = Catalog.Functions.Where(f => f.IsHttp).Select(f => f.Trigger.Route!).ToList();
        foreach (var endpoint in Endpoints.Where(e => e.Metadata.GetMetadata<InvocationEndpointAttribute>() is null))
        {
            var sample = SamplePath(endpoint.RoutePattern.RawText!);
            Assert.True(publicRoutes.Any(r => Matches(r, sample)), $"No HTTP function's route covers {endpoint.RoutePattern.RawText} (tried {sample}).");
        }
    }

    [Fact]
    public void No_invocation_path_is_reachable_through_a_public_http_route()
    {
        var publicRoutes = Catalog.Functions.Where(f => f.IsHttp).Select(f => f.Trigger.Route!).ToList();
        foreach (var f in Catalog.Functions.Where(f => !f.IsHttp))
            foreach (var path in new[] { $"/{f.Name}", $"/{f.Name.ToLowerInvariant()}" })
                Assert.False(publicRoutes.Any(r => Matches(r, path)), $"{path} is reachable through a public route.");
    }

    [Fact]
    public void The_home_route_takes_only_the_root_and_index_html()
    {
        var home = Catalog.Find("Home")!.Trigger.Route!;
        Assert.True(Matches(home, "/"));
        Assert.True(Matches(home, "/index.html"));
        Assert.False(Matches(home, "/NightlyAgeBands"));
    }

    /// <summary>The same template matching the Functions host's HTTP routing uses (ASP.NET Core templates, with constraints).</summary>
    private static bool Matches(string routeTemplate, string path)
    {
        var template = TemplateParser.Parse(routeTemplate);
        var matcher = new TemplateMatcher(template, new RouteValueDictionary());
        var values = new RouteValueDictionary();
        if (!matcher.TryMatch(path, values)) return false;
        var constraints = new ServiceCollection().AddRouting().BuildServiceProvider().GetRequiredService<IInlineConstraintResolver>();
        foreach (var part in template.Parameters)
            foreach (var c in part.InlineConstraints)
            {
                var constraint = constraints.ResolveConstraint(c.Constraint)!;
                if (values.TryGetValue(part.Name!, out var v) && v is not null && !constraint.Match(null, null, part.Name!, values, RouteDirection.IncomingRequest))
                    return false;
            }
        return true;
    }

    private static string SamplePath(string pattern)
    {
        var segments = pattern.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.StartsWith('{') ? "x1" : s);
        return "/" + string.Join('/', segments);
    }
}
