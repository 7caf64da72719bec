using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using SourceBot.Core.Metrics;
using SourceBot.Discord;
using SourceBot.Discord.Client.Gateway;

namespace SourceBot.Operations;

/// <summary>
/// What `run` serves over HTTP when SourceBot:Operations:Urls is set: <see cref="MetricsPath"/> (Prometheus text: the
/// "SourceBot", "SourceBot.Discord" and .NET "System.Runtime" meters), <see cref="LivePath"/> (the process answers) and
/// <see cref="ReadyPath"/> (200 when the default library's engine is loaded and every gateway shard is ready, else 503 saying
/// what is missing). A small Kestrel app of its own beside the bot's host: it is up while the engine loads, and logs through
/// the bot's logger factory (warnings only, from the framework).
/// </summary>
public sealed class OperationsEndpoint : IAsyncDisposable
{
    public const string MetricsPath = "/metrics";
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>The meters exported: answers (Core), gateway and REST (Discord), and the runtime's own (GC, memory, thread pool).</summary>
    public static readonly IReadOnlyList<string> Meters = [SourceBotMetrics.MeterName, DiscordMetrics.MeterName, "System.Runtime"];

    private const string ReadyTag = "ready";
    private readonly WebApplication _app;

    private OperationsEndpoint(WebApplication app, IReadOnlyList<string> urls)
    {
        _app = app;
        Urls = urls;
    }

    /// <summary>The addresses listened on, with the ports Kestrel chose for port 0.</summary>
    public IReadOnlyList<string> Urls { get; }

    /// <summary>
    /// Starts listening on <see cref="OperationsOptions.Urls"/>, or returns null when it is empty (the endpoint is off).
    /// <paramref name="engineLoaded"/> completes when the default library's engine is loaded. Throws
    /// <see cref="OperationsEndpointException"/> when an address cannot be listened on.
    /// </summary>
    public static async Task<OperationsEndpoint?> StartAsync(OperationsOptions options, IShardStatus shards, Task engineLoaded, ILoggerFactory loggers,
        CancellationToken cancellationToken = default)
    {
        var urls = options.UrlList();
        if (urls.Count == 0) return null;

        // Empty: no configuration files, environment variables (ASPNETCORE_URLS) or logging providers of its own.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        // Probes and scrapes come every few seconds: ASP.NET Core's request lines and the health checks' "unhealthy" errors would
        // drown the bot's own log; their warnings about the server still show.
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggers));
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None);
        builder.Services.AddHealthChecks().AddCheck("bot", new ReadinessCheck(shards, engineLoaded), tags: [ReadyTag]);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter([.. Meters]).AddPrometheusExporter());

        var app = builder.Build();
        foreach (var url in urls) app.Urls.Add(url);
        app.UseOpenTelemetryPrometheusScrapingEndpoint(MetricsPath);
        app.UseHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportWriter.WriteAsync });
        app.UseHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = HealthReportWriter.WriteAsync });
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new OperationsEndpointException($"The operations endpoint could not listen on {options.Urls} ({OperationsOptions.Section}:Urls): {e.Message}", e);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var endpoint = new OperationsEndpoint(app, [.. app.Urls]);
        loggers.CreateLogger<OperationsEndpoint>().LogInformation("Operations endpoint on {Urls}: {MetricsPath}, {LivePath}, {ReadyPath}",
            string.Join(", ", endpoint.Urls), MetricsPath, LivePath, ReadyPath);
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
