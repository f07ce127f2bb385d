using System.Net;
using System.Reflection;
using System.Text;
using Afterglow.App.Auth;
using Afterglow.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Auth;

/// <summary>One row of the access matrix: what each kind of caller gets from an endpoint (sample path, empty body).</summary>
public sealed record AccessRule(string Method, string Route, int Anonymous, int Volunteer, int Coordinator, int Admin);

/// <summary>
/// Every mapped endpoint × (anonymous, volunteer, coordinator, admin). A new endpoint without a row fails here.
/// Feature folders add their rows in a static class named *Access with a public static Expected list.
/// </summary>
public class AccessMatrixTests(AppFactory app) : AppTests(app)
{
    public static readonly IReadOnlyList<AccessRule> Foundation =
    [
        new("GET", "/api/health", 200, 200, 200, 200),
        new("POST", "/api/auth/login", 400, 400, 400, 400),
        new("GET", "/api/auth/oidc", 404, 404, 404, 404),
        new("GET", "/api/me", 401, 200, 200, 200),
        new("GET", "/api/accounts/", 401, 403, 403, 200),
        new("POST", "/api/accounts/", 401, 403, 403, 400),
        new("PUT", "/api/accounts/{email}", 401, 403, 403, 404),
        new("GET", "/api/audit/", 401, 403, 403, 200),
        new("GET", "/api/retirees/", 401, 200, 200, 200),
        new("GET", "/api/retirees/{id}", 401, 404, 404, 404),
        new("POST", "/api/retirees/", 401, 403, 400, 400),
        new("PUT", "/api/retirees/{id}", 401, 403, 428, 428),
        new("POST", "/api/retirees/{id}/archive", 401, 403, 400, 400),
        new("GET", "/api/retirees/{id}/changes", 401, 403, 404, 404),
        new("GET", "/api/retirees/counts", 401, 403, 200, 200),
        new("GET", "/api/retirees/export", 401, 403, 200, 200),
        new("POST", "/api/retirees/import", 401, 403, 400, 400), // an empty file is refused by name
        new("GET", "/api/retirees/import/template", 401, 403, 200, 200),
        new("GET", "/api/retirees/import/jobs/{id}", 401, 403, 404, 404),
        new("POST", "/api/retirees/import/jobs/{id}/run", 401, 403, 404, 404),
        new("GET", "/api/retirees/import/jobs/{id}/failed", 401, 403, 404, 404),
        new("GET", "/api/retirees/{id}/attachments/", 401, 403, 404, 404),
        new("POST", "/api/retirees/{id}/attachments/", 401, 403, 404, 404),
        new("GET", "/api/retirees/{id}/attachments/{attachmentId}", 401, 403, 404, 404),
        new("DELETE", "/api/retirees/{id}/attachments/{attachmentId}", 401, 403, 404, 404),
        new("GET", "/api/people", 401, 403, 200, 200),
        new("GET", "/api/people/{id}", 401, 403, 404, 404),
        new("POST", "/api/people", 401, 403, 400, 400),
        new("PUT", "/api/people/{id}", 401, 403, 404, 404),
        new("GET", "/api/areas", 401, 403, 200, 200),
        new("PUT", "/api/areas/{id}", 401, 403, 400, 400),
        new("GET", "/", 302, 302, 302, 302),
        new("GET", "/index.html", 302, 302, 302, 302),
        new("GET", "/app/{**path}", 404, 404, 404, 404),
        // Signing out ends the session, so it is checked last.
        new("POST", "/api/auth/logout", 204, 204, 204, 204),
    ];

    /// <summary>Rows from every *Access class in this assembly (feature folders add theirs).</summary>
    public static IReadOnlyList<AccessRule> All() =>
    [
        .. Foundation.Take(Foundation.Count - 1),
        .. typeof(AccessMatrixTests).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Access", StringComparison.Ordinal) && t.IsClass)
            .Select(t => t.GetField("Expected", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<IEnumerable<AccessRule>>().SelectMany(x => x),
        Foundation[^1],
    ];

    [Fact]
    public void Every_endpoint_has_a_row()
    {
        var rows = All().Select(r => (r.Method, Normalize(r.Route))).ToHashSet();
        var missing = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => (m, Normalize(e.RoutePattern.RawText!))))
            .Where(x => !rows.Contains(x))
            .ToList();
        Assert.True(missing.Count == 0, "Endpoints without an access-matrix row: " + string.Join(", ", missing.Select(m => $"{m.Item1} {m.Item2}")));
    }

    [Fact]
    public async Task Every_caller_gets_what_the_matrix_says()
    {
        var callers = new (string Name, HttpClient Client)[]
        {
            ("anonymous", App.Anonymous()),
            ("volunteer", (await App.SignInAsAsync("volunteer")).Client),
            ("coordinator", (await App.SignInAsAsync("coordinator")).Client),
            ("admin", await App.AdminAsync()),
        };
        var wrong = new List<string>();
        foreach (var rule in All())
        {
            var expected = new[] { rule.Anonymous, rule.Volunteer, rule.Coordinator, rule.Admin };
            for (var i = 0; i < callers.Length; i++)
            {
                var request = new HttpRequestMessage(new HttpMethod(rule.Method), Sample(rule.Route));
                if (rule.Method is not ("GET" or "DELETE")) request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                var status = (int)(await callers[i].Client.SendAsync(request)).StatusCode;
                if (status != expected[i]) wrong.Add($"{rule.Method} {rule.Route} as {callers[i].Name}: {status}, expected {expected[i]}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>
    /// Policies are combined for each request (the matrix above proves what they allow): a provider that allows caching
    /// makes the authorization middleware build every endpoint as the app starts, beside routing's own build (ADR 0018).
    /// </summary>
    [Fact]
    public async Task Policies_are_combined_per_request_from_the_offices_named_policies()
    {
        var provider = App.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        Assert.False(provider.AllowsCachingPolicies);
        async Task<string[]> RolesOf(string policy) =>
            [.. (await provider.GetPolicyAsync(policy))!.Requirements.OfType<RolesAuthorizationRequirement>().Single().AllowedRoles.Order()];
        Assert.Equal(Roles.All.Order(), await RolesOf(Policies.SignedIn));
        Assert.Equal(new[] { Roles.Admin, Roles.Coordinator }.Order(), await RolesOf(Policies.Staff));
        Assert.Equal([Roles.Admin], await RolesOf(Policies.Admin));
        Assert.IsType<DenyAnonymousAuthorizationRequirement>(Assert.Single((await provider.GetFallbackPolicyAsync())!.Requirements));
    }

    private static string Normalize(string route) => "/" + route.Trim('/');

    /// <summary>A route with every parameter filled with "x1", an id that does not exist.</summary>
    internal static string Sample(string route) =>
        "/" + string.Join('/', route.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.StartsWith('{') ? "x1" : s));
}
