using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Afterglow.App.Auth;

/// <summary>
/// The office's policies (AuthExtensions), combined for each request instead of cached per endpoint. The
/// authorization middleware's cache is filled when the app starts by building every endpoint, and routing then
/// builds them all again for the first request: on a cold start that first build cost 8–11 ms of the ~90 before the
/// first answer (ADR 0018, "Endpoints built once"). Combining named policies per request is a few dictionary reads.
/// </summary>
internal sealed class PolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options), IAuthorizationPolicyProvider
{
    bool IAuthorizationPolicyProvider.AllowsCachingPolicies => false;
}
