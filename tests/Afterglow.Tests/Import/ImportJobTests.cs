using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Afterglow.App.Import;
using Afterglow.App.Storage;
using Afterglow.Tests.Infrastructure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Import;

/// <summary>Imports as jobs on Azurite: progress, polls that move it, the timer that finishes it, a crash resumed, the failed rows as a file.</summary>
public class ImportJobTests(AppFactory app) : AppTests(app)
{
    private static MultipartFormDataContent Form(byte[] file, string name, params (string Key, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", name } };
        foreach (var (k, v) in fields) form.Add(new StringContent(v), k);
        return form;
    }

    private static async Task<int> CountAsync(HttpClient c, string q) =>
        (await (await c.GetAsync("/api/retirees?pageSize=1&q=" + Uri.EscapeDataString(q))).JsonAsync())["total"]!.GetValue<int>();

    /// <summary>Rows named {prefix}0000…, mobiles from {mobile}0000; every tenth from <paramref name="badFrom"/> on has a month-only birth date.</summary>
    private static byte[] Csv(string prefix, string mobile, int rows, int badFrom = int.MaxValue)
    {
        var sb = new StringBuilder("序号,姓名,出生年月,手机,工作单位\r\n");
        for (var i = 0; i < rows; i++)
            sb.Append($"{i + 1},{prefix}{i:D4},{(i >= badFrom && i % 10 == 0 ? "1950年3月" : "1950-03-05")},{mobile}{i:D4},化学系\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private async Task<JsonObject> RunUntilDoneAsync(HttpClient admin, string jobId)
    {
        for (var i = 0; i < 100; i++)
        {
            var poll = await (await admin.PostAsync($"/api/retirees/import/jobs/{jobId}/run", null)).JsonAsync();
            if (poll["state"]!.GetValue<string>() == "done") return poll;
        }
        throw new TimeoutException("The import job did not finish.");
    }

    private TableClient Imports() => App.Services.GetRequiredService<StorageAccount>().TableAsync(StorageNames.Imports).GetAwaiter().GetResult();

    [Fact]
    public async Task A_large_file_answers_at_once_with_a_job_whose_progress_moves_with_each_poll()
    {
        var admin = await App.AdminAsync();
        var file = Csv("进度", "1381000", 1000);
        var started = await admin.PostAsync("/api/retirees/import?dryRun=false", Form(file, "大名册.csv"));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var first = await started.JsonAsync();
        var jobId = first["jobId"]!.GetValue<string>();
        Assert.Equal($"/api/retirees/import/jobs/{jobId}", started.Headers.Location?.OriginalString);
        Assert.Equal(("running", 400, 1000), (first["state"]!.GetValue<string>(), first["processed"]!.GetValue<int>(), first["total"]!.GetValue<int>()));
        Assert.Equal(400, await CountAsync(admin, "进度"));

        // The same file again while it runs: refused, naming the job.
        var again = await admin.PostAsync("/api/retirees/import?dryRun=false", Form(file, "大名册.csv"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(jobId, (await again.JsonAsync())["jobId"]!.GetValue<string>());

        var status = await (await admin.GetAsync($"/api/retirees/import/jobs/{jobId}")).JsonAsync();
        Assert.Equal(400, status["processed"]!.GetValue<int>());
        var done = await RunUntilDoneAsync(admin, jobId);
        Assert.Equal((1000, 1000, 1000), (done["imported"]!.GetValue<int>(), done["processed"]!.GetValue<int>(), done["total"]!.GetValue<int>()));
        Assert.Equal(1000, await CountAsync(admin, "进度"));

        // Finished, the same file is the stored report, nothing written again.
        var repeat = await (await admin.PostAsync("/api/retirees/import?dryRun=false", Form(file, "大名册.csv"))).JsonAsync();
        Assert.True(repeat["repeated"]!.GetValue<bool>());
        Assert.Equal(1000, await CountAsync(admin, "进度"));
    }

    [Fact]
    public async Task A_crash_after_a_step_was_written_but_before_the_job_moved_on_repeats_the_step_without_a_second_copy()
    {
        var admin = await App.AdminAsync();
        var started = await (await admin.PostAsync("/api/retirees/import?dryRun=false", Form(Csv("断点", "1382000", 700), "断点.csv"))).JsonAsync();
        var jobId = started["jobId"]!.GetValue<string>();
        Assert.Equal(400, await CountAsync(admin, "断点"));

        // The process died after writing step one's 400 people and their plans, before the job row said so.
        var table = Imports();
        var row = (await table.GetEntityAsync<TableEntity>("job", jobId)).Value;
        var job = Rows.Read<ImportJob>(row);
        await table.UpdateEntityAsync(Rows.Write("job", jobId, job with { NextChunk = 0, Imported = 0, LeaseUntil = null }), row.ETag, TableUpdateMode.Replace);

        // Nobody polls: the timer finishes it.
        Assert.Equal(HttpStatusCode.OK, (await App.Anonymous().PostAsync("/ImportJobs", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
        var done = await (await admin.GetAsync($"/api/retirees/import/jobs/{jobId}")).JsonAsync();
        Assert.Equal(("done", 700), (done["state"]!.GetValue<string>(), done["imported"]!.GetValue<int>()));
        Assert.Equal(700, await CountAsync(admin, "断点"));
    }

    [Fact]
    public async Task The_failed_rows_download_as_the_office_wrote_them_with_a_chinese_error_column_and_import_again_once_fixed()
    {
        var admin = await App.AdminAsync();
        var file = Csv("失败", "1383000", 30, badFrom: 0); // lines 2, 12 and 22 have a month only
        var done = await (await admin.PostAsync("/api/retirees/import?dryRun=false", Form(file, "名册.csv"))).JsonAsync();
        Assert.Equal(27, done["imported"]!.GetValue<int>());
        var jobId = done["jobId"]!.GetValue<string>();

        var response = await admin.GetAsync($"/api/retirees/import/jobs/{jobId}/failed?format=xlsx&language=zh-CN");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var table = ImportFile.Read(await response.Content.ReadAsByteArrayAsync(), null);
        Assert.Equal(["序号", "姓名", "出生年月", "手机", "工作单位", "错误说明"], table.Rows[0].Cells);
        Assert.Equal(["失败0000", "失败0010", "失败0020"], table.Rows.Skip(1).Select(r => r.Cells[1]));
        Assert.Equal("1950年3月", table.Rows[1].Cells[2]);
        Assert.StartsWith("出生年月: “1950年3月”只有年月，没有日", table.Rows[1].Cells[5]);

        var english = ImportFile.Read(await (await admin.GetAsync($"/api/retirees/import/jobs/{jobId}/failed?format=csv&language=en")).Content.ReadAsByteArrayAsync(), null);
        Assert.Equal("import errors", english.Rows[0].Cells[^1]);
        Assert.Contains("gives the month but not the day", english.Rows[1].Cells[^1]);

        // Fixed in "Excel" (the date completed), imported again as it is: no mapping step for the error column.
        var fixedRows = table.Rows.Select((r, i) => i == 0 ? r.Cells : r.Cells.Select((c, j) => j == 2 ? "1950-03-15" : c).ToArray()).ToList();
        var xlsx = XlsxWriter.Write("Sheet1", fixedRows[0], fixedRows.Skip(1).Select(r => (IReadOnlyList<string>)r));
        var dry = await (await admin.PostAsync("/api/retirees/import", Form(xlsx, "fixed.xlsx"))).JsonAsync();
        Assert.Equal("ignored", dry["columns"]!.AsArray().Single(c => c!["header"]!.GetValue<string>() == "错误说明")!["how"]!.GetValue<string>());
        var again = await (await admin.PostAsync("/api/retirees/import?dryRun=false", Form(xlsx, "fixed.xlsx"))).JsonAsync();
        Assert.Equal((3, 0), (again["imported"]!.GetValue<int>(), again["errors"]!.AsArray().Count));
        Assert.Equal(30, await CountAsync(admin, "失败"));
    }

    [Fact]
    public async Task Jobs_are_for_staff_and_an_unknown_or_malformed_job_is_not_found()
    {
        var admin = await App.AdminAsync();
        var done = await (await admin.PostAsync("/api/retirees/import?dryRun=false", Form(Csv("权限", "1384000", 2), "p.csv"))).JsonAsync();
        var jobId = done["jobId"]!.GetValue<string>();
        var (volunteer, _) = await App.SignInAsAsync("volunteer");
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.GetAsync($"/api/retirees/import/jobs/{jobId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.GetAsync($"/api/retirees/import/jobs/{jobId}/failed")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Anonymous().GetAsync($"/api/retirees/import/jobs/{jobId}")).StatusCode);
        var (coordinator, _) = await App.SignInAsAsync("coordinator");
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"/api/retirees/import/jobs/{jobId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/retirees/import/jobs/j..%2F")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/retirees/import/jobs/jNOSUCHJOB0000000000000000")).StatusCode);
        var badFormat = await admin.GetAsync($"/api/retirees/import/jobs/{jobId}/failed?format=pdf");
        Assert.True((await badFormat.ErrorsAsync()).ContainsKey("format"));
    }
}
