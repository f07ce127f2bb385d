using System.Net;
using System.Net.Http.Json;
using Afterglow.App.Auth;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Auth;

public class AccountRulesTests(AppFactory app) : AppTests(app)
{
    [Theory]
    [InlineData("password12")]          // short
    [InlineData("elevenchars")]         // short
    [InlineData("password1234")]        // common
    [InlineData("qwertyuiop123")]       // common
    [InlineData("123456789012")]        // common
    [InlineData("PASSWORD1234")]        // common, whatever the case
    public async Task Short_and_common_passwords_are_refused(string password)
    {
        var admin = await App.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/accounts", new { email = $"p{Guid.NewGuid():N}@test.local", displayName = "P", role = "coordinator", password });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ErrorsAsync()).ContainsKey("password"));
    }

    [Fact]
    public async Task The_password_may_not_be_the_email_and_a_reset_follows_the_same_rules()
    {
        var admin = await App.AdminAsync();
        var email = "samepass@test.local";
        var response = await admin.PostAsJsonAsync("/api/accounts", new { email, displayName = "S", role = "coordinator", password = email });
        Assert.True((await response.ErrorsAsync()).ContainsKey("password"));
        var (existing, _) = await App.CreateAccountAsync(Roles.Coordinator);
        var reset = await admin.PutAsJsonAsync($"/api/accounts/{existing}", new { password = "password1234" });
        Assert.Equal(HttpStatusCode.BadRequest, reset.StatusCode);
        Assert.True((await reset.ErrorsAsync()).ContainsKey("password"));
    }

    [Fact]
    public void The_common_list_has_at_least_ten_thousand_entries() => Assert.True(PasswordPolicy.CommonCount >= 10_000, $"{PasswordPolicy.CommonCount}");

    [Theory]
    [InlineData("@")]
    [InlineData("a@")]
    [InlineData("@b.cn")]
    [InlineData("a@b")]
    [InlineData("a@@b.cn")]
    [InlineData("a b@c.cn")]
    [InlineData("a@b..cn")]
    [InlineData(".a@b.cn")]
    [InlineData("a@-b.cn")]
    [InlineData("a@b.c1")]
    [InlineData("a\u202E@b.cn")]
    public async Task Emails_that_are_not_addresses_are_refused(string email)
    {
        var admin = await App.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/accounts", new { email, displayName = "E", role = "coordinator", password = "a-long-fresh-passphrase" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ErrorsAsync()).ContainsKey("email"));
    }

    [Theory]
    [InlineData("Admin\u202Egnp.exe")]
    [InlineData("Line\nbreak")]
    [InlineData("Nul\u0000byte")]
    [InlineData("Zero\u200Bwidth")]
    public async Task Display_names_with_hidden_characters_are_refused(string displayName)
    {
        var admin = await App.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/accounts", new { email = $"n{Guid.NewGuid():N}@test.local", displayName, role = "coordinator", password = "a-long-fresh-passphrase" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ErrorsAsync()).ContainsKey("displayName"));
    }

    [Fact]
    public async Task A_taken_email_is_a_409_problem_naming_the_field()
    {
        var admin = await App.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/accounts", new { email = AppFactory.AdminEmail, displayName = "Again", role = "admin", password = "a-long-fresh-passphrase" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.ErrorsAsync()).ContainsKey("email"));
    }
}
