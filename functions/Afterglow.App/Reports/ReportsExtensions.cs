namespace Afterglow.App.Reports;

public static class ReportsExtensions
{
    /// <summary>The reports' counters, written by the stores as the work happens and read by /api/reports.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services) => services.AddSingleton<ReportCounts>().AddSingleton<YearReport>();
}
