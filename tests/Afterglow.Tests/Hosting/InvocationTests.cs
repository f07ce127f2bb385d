using System.Net;
using System.Net.Http.Json;
using Afterglow.App.Hosting;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Hosting;

public class InvocationEnvelopeTests
{
    [Fact]
    public void Reads_the_timer_shape_the_host_sends_with_null_schedule_status()
    {
        var e = InvocationEnvelope.Parse("""
            {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":true}},
             "Metadata":{"sys":{"MethodName":"NightlyAgeBands","UtcNow":"2026-11-22T16:05:00.004Z","RandGuid":"3f6c"}}}
            """).ToTimer("NightlyAgeBands");
        Assert.True(e.IsPastDue);
        Assert.Null(e.LastRun);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 16, 5, 0, 4, TimeSpan.Zero), e.UtcNow);
    }

    [Fact]
    public void Reads_camel_case_and_values_written_as_json_strings()
    {
        var e = InvocationEnvelope.Parse("""
            {"data":{"timer":"{\"scheduleStatus\":{\"last\":\"2026-11-21T16:05:00Z\"},\"isPastDue\":\"false\"}"},
             "metadata":"{\"sys\":{\"utcNow\":\"2026-11-22T16:05:00Z\"}}"}
            """).ToTimer("X");
        Assert.False(e.IsPastDue);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 16, 5, 0, TimeSpan.Zero), e.LastRun);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 16, 5, 0, TimeSpan.Zero), e.UtcNow);
    }

    [Fact]
    public void An_empty_body_is_an_empty_envelope()
    {
        var e = InvocationEnvelope.Parse("");
        Assert.Empty(e.Data);
        Assert.False(e.ToTimer("X").IsPastDue);
    }
}

public class TimerInvocationTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task A_timer_envelope_runs_the_job_and_gets_the_hosts_answer_shape()
    {
        var client = App.Anonymous();
        var response = await client.PostJsonAsync("/NightlyAgeBands", """
            {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":true}},
             "Metadata":{"sys":{"MethodName":"NightlyAgeBands","UtcNow":"2026-11-22T16:05:00Z","RandGuid":"a1"}}}
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.NotNull(body["Outputs"]);
        Assert.Contains("age band", body["Logs"]!.AsArray()[0]!.GetValue<string>());
        Assert.True(body.ContainsKey("ReturnValue"));
    }

    [Fact]
    public async Task A_malformed_envelope_is_a_400_problem()
    {
        var response = await App.Anonymous().PostJsonAsync("/NightlyAgeBands", "{not json");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
