using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Client.Gateway;

/// <summary>
/// The gateway v10 for this process (Discord.Net's <c>DiscordShardedClient</c> concept): runs the shards that
/// <see cref="DiscordOptions.Shards"/> names, each its own session (<see cref="GatewayShard"/>), and queues the dispatches of all
/// of them on one <see cref="Events"/> channel, each marked with its shard. At start it reads GET /gateway/bot once (again after
/// a network failure): the shard count is <see cref="DiscordShardOptions.Count"/>, or Discord's recommended <c>shards</c>, and the
/// reading serves every shard's first identify. The shards share the max_concurrency identify schedule (started in id order,
/// so they identify bucket by bucket in that order) and the daily session start budget; a shard that drops or resumes leaves
/// the others be.
/// A shard stopped for good (4004, 4010–4014) stops them all and faults <see cref="Completion"/>: every one of those needs a
/// setting changed and a restart.
/// </summary>
public sealed class DiscordGatewayClient : IDiscordGatewayClient, IShardStatus, IAsyncDisposable, IDisposable
{
    public const int ApiVersion = 10;

    private readonly DiscordOptions _options;
    private readonly IDiscordRestClient _rest;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<double> _random;
    private readonly string _token;
    private readonly Channel<GatewayDispatch> _events = Channel.CreateUnbounded<GatewayDispatch>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopCts = new();
    private readonly object _startLock = new();
    private readonly IdentifyScheduler _identifies;
    private readonly SessionStartBudget _sessionStarts;
    private readonly ReconnectPolicy _reconnects;

    private Task? _run;
    // Set once, when the shard count is known, and never changed after; read by any thread.
    private volatile GatewayShard[] _sessions = [];
    private volatile bool _stopping;
    // The state before the shards exist and after the client ended; while shards run, State is theirs.
    private volatile GatewayState _state = GatewayState.Stopped;
    private int _disposed;

    public DiscordGatewayClient(IOptions<DiscordOptions> options, IDiscordRestClient rest, TimeProvider? timeProvider = null, ILogger<DiscordGatewayClient>? logger = null)
        : this(options.Value, rest, timeProvider ?? TimeProvider.System, logger ?? (ILogger)NullLogger.Instance, null)
    {
    }

    internal DiscordGatewayClient(DiscordOptions options, IDiscordRestClient rest, TimeProvider time, ILogger logger, Func<double>? random)
    {
        _options = options;
        _rest = rest;
        _time = time;
        _logger = logger;
        _random = random ?? Random.Shared.NextDouble;
        _token = options.Token?.Trim() ?? "";
        _identifies = new IdentifyScheduler(time);
        _sessionStarts = new SessionStartBudget(time);
        _reconnects = new ReconnectPolicy(options.ReconnectMaxDelay, _random);
        Intents = IntentsFor(options);
    }

    /// <summary>GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES, plus the privileged MESSAGE_CONTENT only when mentions are answered.</summary>
    public static GatewayIntents IntentsFor(DiscordOptions options) =>
        GatewayIntents.Guilds | GatewayIntents.GuildMessages | GatewayIntents.DirectMessages |
        (options.AnswerMentions ? GatewayIntents.MessageContent : GatewayIntents.None);

    public GatewayIntents Intents { get; }

    public ChannelReader<GatewayDispatch> Events => _events.Reader;

    public DiscordUser? CurrentUser => _sessions.Select(s => s.CurrentUser).FirstOrDefault(u => u is not null);

    public string? ApplicationId => _sessions.Select(s => s.ApplicationId).FirstOrDefault(id => id is not null);

    /// <summary>
    /// Failed or stopped when the client is; while its shards run, the state of the first one (by id) that is not ready, or
    /// <see cref="GatewayState.Ready"/> when all are.
    /// </summary>
    public GatewayState State
    {
        get
        {
            var state = _state;
            var sessions = _sessions;
            if (state is GatewayState.Failed or GatewayState.Stopped || sessions.Length == 0) return state;
            foreach (var shard in sessions)
            {
                var shardState = shard.Status.State;
                if (shardState != GatewayState.Ready) return shardState;
            }
            return GatewayState.Ready;
        }
    }

    public Task Completion => _completion.Task;

    public ImmutableArray<ShardStatus> Shards => _sessions.Select(s => s.Status).ToImmutableArray();

    public bool AllReady
    {
        get
        {
            var sessions = _sessions;
            return sessions.Length > 0 && sessions.All(s => s.Status.IsReady);
        }
    }

    /// <summary>The shard sessions this process runs, in id order (empty before the count is known).</summary>
    internal IReadOnlyList<GatewayShard> Sessions => _sessions;

    /// <summary>The session of shard <paramref name="id"/>.</summary>
    internal GatewayShard Shard(int id) => _sessions.Single(s => s.Id == id);

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_startLock)
        {
            if (_run is not null) return Task.CompletedTask;
            _state = GatewayState.Connecting;
            _run = Task.Run(() => RunAsync(_stopCts.Token), CancellationToken.None);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Task? run;
        GatewayShard[] sessions;
        lock (_startLock)
        {
            _stopping = true;
            run = _run;
            sessions = _sessions;
        }
        if (sessions.Length == 0) Cancel(); // still reading the shard count: end that now
        await Task.WhenAll(sessions.Select(s => s.StopAsync(cancellationToken))).ConfigureAwait(false);
        Cancel();
        if (run is not null) await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _state = _completion.Task.IsFaulted ? GatewayState.Failed : GatewayState.Stopped;
        _completion.TrySetResult();
        _events.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await StopAsync().ConfigureAwait(false);
        _stopCts.Dispose();
    }

    /// <summary>Stops without waiting for a clean close; prefer <see cref="StopAsync"/> (code 1000) or <see cref="DisposeAsync"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stopping = true;
        Cancel();
        foreach (var shard in _sessions) shard.Dispose();
        _events.Writer.TryComplete();
    }

    private void Cancel()
    {
        try
        {
            _stopCts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        try
        {
            var info = await GatewayBotAsync(stop).ConfigureAwait(false);
            var count = _options.Shards.Count ?? Math.Max(1, info.Shards);
            var ids = ShardIds(count);
            var shards = ids.Select(id => new GatewayShard(id, count, _options, _rest, _time, _logger, _random, Intents, _identifies, _sessionStarts,
                _events.Writer, info)).ToArray();
            lock (_startLock)
            {
                // Under the lock StopAsync takes: it either sees these shards started or has stopped them from starting.
                if (_stopping) return;
                _sessions = shards;
                foreach (var shard in shards) shard.Start(); // in id order: each takes its place in the identify queue here
            }
            _logger.LogInformation("Running Discord gateway shards {ShardIds} of {ShardCount}", string.Join(", ", ids), count);

            var running = shards.ToDictionary(s => s.Completion);
            while (running.Count > 0)
            {
                var ended = await Task.WhenAny(running.Keys).ConfigureAwait(false);
                var shard = running[ended];
                running.Remove(ended);
                if (ended.Exception?.InnerException is { } error)
                {
                    // Every fatal close code is about the bot's settings, which all shards share: stop the rest too.
                    _logger.LogCritical("Shard {Shard} stopped for good, and with it every shard of this process: {Problem}", shard.Id, error.Message);
                    _state = GatewayState.Failed;
                    _completion.TrySetException(error);
                    await Task.WhenAll(shards.Select(s => s.StopAsync(CancellationToken.None))).ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested || _stopping)
        {
        }
        catch (Exception e) when (e is DiscordGatewayException or DiscordConfigurationException)
        {
            _state = GatewayState.Failed;
            _logger.LogCritical("{Problem}", e.Message);
            _completion.TrySetException(e);
        }
        catch (Exception e)
        {
            _state = GatewayState.Failed;
            _logger.LogCritical(e, "The Discord gateway failed unexpectedly");
            _completion.TrySetException(e);
        }
        finally
        {
            if (_state != GatewayState.Failed) _state = GatewayState.Stopped;
            _completion.TrySetResult();
            _events.Writer.TryComplete();
        }
    }

    /// <summary>GET /gateway/bot, read again after a network failure with the reconnect backoff.</summary>
    private async Task<GatewayBotInfo> GatewayBotAsync(CancellationToken stop)
    {
        for (int failures = 0; ; failures++)
        {
            try
            {
                var info = await _rest.GetGatewayBotAsync(stop).ConfigureAwait(false);
                _logger.LogInformation("Discord recommends {RecommendedShards} shards for this bot; identifies allowed at once: {MaxConcurrency}",
                    info.Shards, info.SessionStartLimit?.MaxConcurrency ?? 1);
                return info;
            }
            catch (DiscordHttpException e) when (e.StatusCode == System.Net.HttpStatusCode.Unauthorized)
            {
                throw new DiscordGatewayException((int)GatewayCloseCode.AuthenticationFailed, DiscordToken.RejectedMessage("HTTP 401 on GET /gateway/bot"));
            }
            catch (Exception e) when (e is IOException or HttpRequestException or TimeoutException or DiscordHttpException or JsonException
                                          || (e is OperationCanceledException && !stop.IsCancellationRequested))
            {
                var delay = _reconnects.Backoff(failures);
                _logger.LogWarning("Reading GET /gateway/bot failed: {Reason}; trying again in {DelayMs} ms",
                    Secrets.Redact(e.Message, _token), (long)delay.TotalMilliseconds);
                await Task.Delay(delay, _time, stop).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// <see cref="DiscordShardOptions.Ids"/>, or every shard when empty. The validator checked them against a configured count;
    /// against Discord's recommended count they are checked here.
    /// </summary>
    private ImmutableArray<int> ShardIds(int count)
    {
        var configured = _options.Shards.Ids ?? [];
        if (configured.Count == 0) return Enumerable.Range(0, count).ToImmutableArray();
        var outside = configured.Where(id => id >= count).Distinct().Order().ToArray();
        if (outside.Length > 0)
        {
            throw new DiscordConfigurationException(string.Create(CultureInfo.InvariantCulture,
                $"SourceBot:Discord:Shards:Ids has {string.Join(", ", outside)}, but Discord recommends {count} shards (GET /gateway/bot) and Shards:Count is empty: shard ids go from 0 to {count - 1}. Set Shards:Count to the count all your SourceBot processes share, or list ids below {count}."));
        }
        return configured.Order().ToImmutableArray();
    }
}
