// The yardstick of `scripts/benchmark.sh start`: an ASP.NET Core app with nothing in it but /api/health, built the
// way the handler is (Native AOT, linux-x64) and started the same way (PORT), so the difference is Afterglow's own.
// A .NET file-based app, published by `scripts/benchmark.sh start` with the same linker as the package (scripts/aot-linker.sh).
#:sdk Microsoft.NET.Sdk.Web
#:property PublishAot=true
#:property InvariantGlobalization=false
// Built as the handler is (ADR 0018): the type data ready in the executable, at a fixed address; no event sources.
#:property IlcDehydrate=false
#:property PositionIndependentExecutable=false
#:property EventSourceSupport=false

// The same host settings as the handler: no appsettings.json watcher.
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
builder.WebHost.UseUrls($"http://127.0.0.1:{Environment.GetEnvironmentVariable("PORT") ?? "7071"}");
var app = builder.Build();
app.MapGet("/api/health", () => "ok");
app.Run();
