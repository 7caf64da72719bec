using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;
using SourceBot.Core.Libraries;
using SourceBot.Core.Metrics;
using SourceBot.Discord.Client.Gateway;
using SourceBot.Operations;

namespace SourceBot.Tests.Operations;

/// <summary>The `run` verb's operations endpoint on loopback: readiness follows the shards and the engine, metrics are Prometheus text.</summary>
public sealed class OperationsEndpointTests : IAsyncLifetime
{
    private readonly ShardStatusStub _shards = new();
    private readonly TaskCompletionSource _engineLoaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HttpClient _http = new();
    private OperationsEndpoint _endpoint = null!;

    public async Task InitializeAsync()
    {
        _endpoint = (await OperationsEndpoint.StartAsync(new OperationsOptions { Urls = "http://127.0.0.1:0" }, _shards, _engineLoaded.Task, NullLoggerFactory.Instance))!;
        _http.BaseAddress = new Uri(Assert.Single(_endpoint.Urls));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _endpoint.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, string Description)> ReadyAsync()
    {
        using var response = await _http.GetAsync(OperationsEndpoint.ReadyPath);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.GetProperty("checks").GetProperty("bot").GetProperty("description").GetString()!);
    }

    [Fact]
    public async Task Ready_answers_503_naming_each_shard_that_is_not_ready()
    {
        _engineLoaded.SetResult();
        _shards.Set(GatewayState.Ready, GatewayState.Resuming, GatewayState.Connecting);

        var (status, description) = await ReadyAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("shards 1 (Resuming), 2 (Connecting) not ready", description);
    }

    [Fact]
    public async Task Ready_answers_200_once_the_last_shard_is_ready()
    {
        _engineLoaded.SetResult();
        _shards.Set(GatewayState.Ready, GatewayState.Identifying);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await ReadyAsync()).Status);

        _shards.Set(GatewayState.Ready, GatewayState.Ready);

        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync()).Status);
    }

    [Fact]
    public async Task Ready_answers_503_while_the_default_engine_loads_though_every_shard_is_ready()
    {
        _shards.Set(GatewayState.Ready);

        var (status, description) = await ReadyAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("the default library's engine is loading", description);
    }

    [Fact]
    public async Task Ready_answers_503_before_the_shard_count_is_known()
    {
        _engineLoaded.SetResult();

        var (status, description) = await ReadyAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("the gateway shards are not known yet", description);
    }

    [Fact]
    public async Task Live_answers_200_while_nothing_is_ready()
    {
        using var response = await _http.GetAsync(OperationsEndpoint.LivePath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_show_an_answer_counted_under_its_library_in_Prometheus_text()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var answers = new Mock<IAnswerService>();
        answers.Setup(a => a.AskAsync("q", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Answer.NoAnswer("q", AnswerOutcome.NotCovered, "Not in the sources.", []));
        var library = new MeteredAnswerService(answers.Object, "ops-endpoint-test", new SourceBotMetrics(services.GetRequiredService<IMeterFactory>()));

        await library.AskAsync("q");
        var text = await _http.GetStringAsync(OperationsEndpoint.MetricsPath);

        var lines = text.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("sourcebot_answers_total{", StringComparison.Ordinal)
            && l.Contains("library=\"ops-endpoint-test\"", StringComparison.Ordinal) && l.Contains("outcome=\"not_covered\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("sourcebot_refusals_total{", StringComparison.Ordinal) && l.Contains("library=\"ops-endpoint-test\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("sourcebot_answer_duration_seconds_count{", StringComparison.Ordinal) && l.Contains("library=\"ops-endpoint-test\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_address_already_taken_is_refused_with_a_message_naming_it_and_the_setting()
    {
        var taken = _endpoint.Urls[0];

        var error = await Assert.ThrowsAsync<OperationsEndpointException>(() =>
            OperationsEndpoint.StartAsync(new OperationsOptions { Urls = taken }, _shards, _engineLoaded.Task, NullLoggerFactory.Instance));

        Assert.Contains(taken, error.Message);
        Assert.Contains("SourceBot:Operations:Urls", error.Message);
    }

    [Fact]
    public async Task No_urls_means_no_endpoint()
    {
        var endpoint = await OperationsEndpoint.StartAsync(new OperationsOptions { Urls = " " }, _shards, _engineLoaded.Task, NullLoggerFactory.Instance);

        Assert.Null(endpoint);
    }
}
