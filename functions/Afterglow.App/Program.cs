using Afterglow.App.AgeBands;
using Afterglow.App.Backups;
using Afterglow.App.Bereavement;
using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Certification;
using Afterglow.App.CheckIns;
using Afterglow.App.Dashboard;
using Afterglow.App.Events;
using Afterglow.App.Groups;
using Afterglow.App.Subsidies;
using Afterglow.App.Greetings;
using Afterglow.App.Health;
using Afterglow.App.Hosting;
using Afterglow.App.Memo;
using Afterglow.App.Office;
using Afterglow.App.People;
using Afterglow.App.Printouts;
using Afterglow.App.Reports;
using Afterglow.App.Problems;
using Afterglow.App.Retention;
using Afterglow.App.Retirees;
using Afterglow.App.Sms;
using Afterglow.App.Telemetry;
using Afterglow.App.Visits;
using Afterglow.App.VisitPlans;

// scripts/restore.sh: `Afterglow restore [backup]` rebuilds the tables from a backup and exits (no server).
if (await BackupCommand.TryRunAsync(args)) return;

// Settings come from the environment (app settings in Azure); no appsettings.json to watch. Watching for one
// puts an inotify watch on every folder under the content root, which cost ~300 ms of every cold start.
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);

// One process, two hosts: the Functions custom handler, or standalone on :7071 with its own timers (DESIGN D1).
builder.AddFunctionsHost();
// RFC 7807 problem details for every error; strict JSON.
builder.Services.AddApiProblems();
// The office's clock, time zone and phone region (DESIGN D5).
builder.Services.AddOffice();
// Accounts, cookie sessions, roles, anti-forgery, login rate limits (DESIGN D4).
builder.Services.AddAfterglowAuth(builder.Configuration);
// Table and Blob Storage; the retiree registry, people and the audit trail.
builder.Services.AddRegistry();
// Timer functions: new age bands at night, birthday greetings in the morning.
builder.Services.AddTimerJob<NightlyAgeBands>();
builder.Services.AddTimerJob<BirthdayGreetings>();
// Care plans, check-ins, incidents and the escalation ladder, the duty roster (issue 4).
builder.AddCheckIns();
// Visits and condolence calls (走访慰问): the log per retiree and the coverage of a period (ADR 0006).
builder.Services.AddVisits();
// Visit plans by tier (分级走访): who visits whom how often, the due and overdue lists, done from the phone (issue 17, ADR 0017g).
builder.Services.AddVisitPlans();
// The annual memo (工作备忘录): the year's dates, exported, and sent as a series of broadcast drafts (issue 17).
builder.Services.AddMemo();
// SMS: the outbox and its dispatcher, ACS or the dev phone, replies and delivery reports (issue 3, DESIGN D3).
builder.AddSms();
// Events (健康体检, 讲座, 出游, 慰问品领取): invitations by SMS, sign-up by reply, waiting list, reminders, attendance (issue 17).
builder.Services.AddEvents();
// Subsidies (高龄补贴, 困难补助): rules, hardship levels, the year's eligible list and each month's changes (issue 17).
builder.Services.AddSubsidies();
// Bereavement (丧事): recording a death stops every message, starts the checklist and tells the volunteer and liaison (issue 17).
builder.Services.AddBereavement();
// Groups, classes and branches (党支部, 老年大学, 兴趣小组): members, a branch's yearly meetings, SMS and segments by group (issue 17).
builder.Services.AddGroups();
// Pension certification (养老金资格认证): the year's campaign, reminder rounds, who is missing; those living elsewhere (issue 17).
builder.Services.AddCertification();
// The reports' per-day counts, written as the work happens (check-ins, incidents, SMS, visits; ADR 0012c).
builder.Services.AddReports();
// Nightly backups of every table and the attachment index into the immutable backups container (issue 16).
builder.Services.AddBackups();
// Inbound SMS events from Event Grid's Storage queue: the SmsEvents queue function, drained standalone (issue 16).
builder.AddSmsEventsQueue();
// Retention per kind of finished row (Retention:*Days) and the nightly prune that applies it (ADR 0012).
builder.Services.AddRetention();
// The coordinators' dashboard (web/dist), served compressed.
builder.Services.AddDashboard();
// OpenTelemetry to Azure Monitor when APPLICATIONINSIGHTS_CONNECTION_STRING is set; the engine's meter always (ADR 0012b).
builder.AddTelemetry();
// /api/health: storage reachable and the engine doing its work (sweep, escalation, outbox), thresholds from Health:*.
builder.Services.AddEngineHealth();

var app = builder.Build();
// Storage opened on another thread while the endpoints are built, for the request that woke the app.
app.WarmUpStorage();

// The edge first: the client's real address and scheme from the Functions host, security headers on every answer.
app.UseEdge();
app.UseApiProblems();
app.UseDashboardFiles();
app.UseRouting();
app.UseBodySizeLimits();
app.UseAuthentication();
app.UseXsrfCheck();
app.UseAuthorization();
app.UseRateLimiter();

app.MapHealth();
app.MapAuth();
app.MapOffice();
app.MapRetirees();
app.MapAttachments();
app.MapPeople();
app.MapAudit();
app.MapCheckIns();
app.MapSms();
app.MapVisits();
app.MapVisitPlans();
app.MapMemo();
app.MapEvents();
app.MapSubsidies();
// Emergency cards (胸卡) and visit route lists to print; who printed whom is audited (issue 17).
app.MapPrintouts();
app.MapBereavement();
app.MapGroups();
app.MapCertification();
app.MapReports();
app.MapSmsEventsQueue();
app.MapFunctionInvocations();
app.MapDashboard();

app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
