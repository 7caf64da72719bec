using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Client.Gateway;

/// <summary>
/// Gateway v10 over <see cref="ClientWebSocket"/> with JSON encoding, written from Discord's "Gateway" and "Opcodes and Status
/// Codes" pages: GET /gateway/bot for the URL and session start limit; hello, then heartbeats every heartbeat_interval with the
/// first one jittered; a heartbeat without ACK before the next one is a zombie connection (closed with 4000 and resumed);
/// identify with only the intents needed, no sooner than max_concurrency allows (one per 5 s per bucket); resume (op 6) on
/// resume_gateway_url with the session id and last sequence; op 7 reconnect; op 9 invalid session (resumable, or wait 1–5 s,
/// growing while it repeats before READY, and identify anew); a resume that is asked for again before it succeeded backs off
/// like a lost connection; the daily session start limit kept with a reserve (waited out before connecting when only the
/// reserve is left); exponential backoff with jitter on network loss; 4004 and 4010–4014 stop for good with a message saying
/// what to fix. Sends obey the 120-per-60-s gateway limit.
/// </summary>
public sealed class DiscordGatewayClient : IDiscordGatewayClient, IAsyncDisposable, IDisposable
{
    public const int ApiVersion = 10;
    private const WebSocketCloseStatus ReconnectCloseStatus = (WebSocketCloseStatus)GatewayCloseCode.UnknownError;

    /// <summary>SourceBot runs one unsharded connection: shard 0 of 1.</summary>
    private const int ShardId = 0;

    /// <summary>
    /// Session starts of the daily budget (1000 for most bots) SourceBot leaves unused: with this many or fewer remaining it
    /// waits for the reset instead of identifying, so a count read a moment ago, or a restart by hand, cannot take it to zero
    /// (when Discord resets the token).
    /// </summary>
    internal const int SessionStartReserve = 5;

    private readonly DiscordOptions _options;
    private readonly IDiscordRestClient _rest;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<double> _random;
    private readonly string _token;
    private readonly Channel<GatewayDispatch> _events = Channel.CreateUnbounded<GatewayDispatch>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopCts = new();
    private readonly object _startLock = new();
    private readonly IdentifyScheduler _identifies;
    // Identifies allowed per 5 s, from the latest GET /gateway/bot; only the run loop touches it.
    private int _maxConcurrency = 1;

    private readonly GatewaySession _session = new();
    private readonly ReconnectPolicy _reconnects;
    // Op 9 (not resumable) received in a row without reaching READY; only the run loop touches it.
    private int _invalidSessionsInARow;

    private Task? _run;
    private volatile GatewayConnection? _current;
    private volatile bool _stopping;
    private volatile GatewayState _state = GatewayState.Stopped;

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
        _reconnects = new ReconnectPolicy(options.ReconnectMaxDelay, _random);
        Intents = IntentsFor(options);
    }

    /// <summary>GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES, plus the privileged MESSAGE_CONTENT only when mentions are answered.</summary>
    public static GatewayIntents IntentsFor(DiscordOptions options) =>
        GatewayIntents.Guilds | GatewayIntents.GuildMessages | GatewayIntents.DirectMessages |
        (options.AnswerMentions ? GatewayIntents.MessageContent : GatewayIntents.None);

    public GatewayIntents Intents { get; }

    public ChannelReader<GatewayDispatch> Events => _events.Reader;

    public DiscordUser? CurrentUser { get; private set; }

    public string? ApplicationId { get; private set; }

    public string? SessionId => _session.Id;

    /// <summary>The session state a resume needs (the last sequence number, …).</summary>
    internal GatewaySession Session => _session;

    public GatewayState State => _state;

    public Task Completion => _completion.Task;

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
        _stopping = true;
        var run = _run;
        if (_current is null) _stopCts.Cancel(); // nothing to close: end a pending connect or reconnect delay now
        if (_current is { } connection)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "SourceBot is stopping", timeout.Token).ConfigureAwait(false);
                _logger.LogInformation("Closed the Discord gateway connection with code 1000");
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                _logger.LogDebug("The gateway connection could not be closed cleanly: {Reason}", e.Message);
            }
        }
        if (run is not null)
        {
            try
            {
                await run.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                _stopCts.Cancel();
            }
            try
            {
                await run.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        _stopCts.Cancel();
        _state = _completion.Task.IsFaulted ? GatewayState.Failed : GatewayState.Stopped;
        _completion.TrySetResult();
        _events.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopCts.Dispose();
    }

    /// <summary>Stops without waiting for a clean close; prefer <see cref="StopAsync"/> (code 1000) or <see cref="DisposeAsync"/>.</summary>
    public void Dispose()
    {
        _stopping = true;
        try
        {
            _stopCts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
        _current?.Abort();
        _events.Writer.TryComplete();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        int failures = 0;
        try
        {
            while (!stop.IsCancellationRequested && !_stopping)
            {
                ConnectionOutcome outcome;
                try
                {
                    outcome = await ConnectOnceAsync(stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested || _stopping)
                {
                    break;
                }
                catch (DiscordHttpException e) when (e.StatusCode == System.Net.HttpStatusCode.Unauthorized)
                {
                    throw new DiscordGatewayException((int)GatewayCloseCode.AuthenticationFailed, DiscordToken.RejectedMessage("HTTP 401 on GET /gateway/bot"));
                }
                catch (Exception e) when (e is WebSocketException or IOException or HttpRequestException or TimeoutException or DiscordHttpException
                                              or JsonException or GatewayProtocolException or OperationCanceledException)
                {
                    if (_stopping) break;
                    _logger.LogWarning("Discord gateway connection lost: {Reason}", Secrets.Redact(e.Message, _token));
                    outcome = ConnectionOutcome.Reconnect(resume: _session.Id is not null, delay: null, reachedReady: false);
                }

                if (_stopping || stop.IsCancellationRequested || outcome.Kind == ConnectionOutcomeKind.Stopped) break;
                if (outcome.Kind == ConnectionOutcomeKind.Fatal) throw new DiscordGatewayException(outcome.CloseCode, outcome.Message!);

                if (outcome.ReachedReady) failures = 0;
                if (!outcome.Resume) _session.Clear();
                var delay = outcome.Delay switch
                {
                    // A resume asked for at once (op 7, op 9 resumable, a zombie) is repeating when this connection never got
                    // to READY or RESUMED either: back off as after a lost connection rather than reconnecting in a tight loop.
                    { } now when now == TimeSpan.Zero && !outcome.ReachedReady => _reconnects.Backoff(failures++),
                    { } asked => asked,
                    null => _reconnects.Backoff(failures++),
                };
                _state = GatewayState.Reconnecting;
                _logger.LogInformation("Reconnecting to the Discord gateway in {DelayMs} ms ({Mode})",
                    (long)delay.TotalMilliseconds, _session.Id is null ? "identify" : "resume");
                if (delay > TimeSpan.Zero) await Task.Delay(delay, _time, stop).ConfigureAwait(false);
            }
            _state = GatewayState.Stopped;
            _completion.TrySetResult();
        }
        catch (DiscordGatewayException e)
        {
            _state = GatewayState.Failed;
            _logger.LogCritical("{Problem}", e.Message);
            _completion.TrySetException(e);
        }
        catch (OperationCanceledException)
        {
            _state = GatewayState.Stopped;
            _completion.TrySetResult();
        }
        catch (Exception e)
        {
            _state = GatewayState.Failed;
            _logger.LogCritical(e, "The Discord gateway loop failed unexpectedly");
            _completion.TrySetException(e);
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    /// <summary>
    /// Before an identify: waits for the daily session start limit to reset when no more than <see cref="SessionStartReserve"/>
    /// starts remain, then for this shard's turn under max_concurrency (one identify per 5 s per bucket).
    /// </summary>
    private async Task WaitToIdentifyAsync(SessionStartLimit? limit, CancellationToken stop)
    {
        if (limit is not null)
        {
            _maxConcurrency = Math.Max(1, limit.MaxConcurrency);
            if (limit.Remaining <= SessionStartReserve)
            {
                var reset = TimeSpan.FromMilliseconds(Math.Max(0, limit.ResetAfter));
                _logger.LogWarning("Discord's session start limit is nearly used up ({Remaining} of {Total} left, {Reserve} kept in reserve); waiting {WaitMs} ms for it to reset before identifying",
                    limit.Remaining, limit.Total, SessionStartReserve, (long)reset.TotalMilliseconds);
                await Task.Delay(reset, _time, stop).ConfigureAwait(false);
            }
        }
        var turn = _identifies.WaitFor(ShardId, _maxConcurrency);
        if (turn > TimeSpan.Zero)
        {
            _logger.LogInformation("Waiting {WaitMs} ms to identify: Discord allows {MaxConcurrency} identify per 5 s per bucket", (long)turn.TotalMilliseconds, _maxConcurrency);
            await Task.Delay(turn, _time, stop).ConfigureAwait(false);
        }
    }

    private async Task<ConnectionOutcome> ConnectOnceAsync(CancellationToken stop)
    {
        bool resume = _session.Id is not null;
        string url;
        GatewayBotInfo? info = null;
        if (resume && _session.UsableResumeUrl is { } resumeUrl) url = resumeUrl;
        else if (resume && !string.IsNullOrWhiteSpace(_options.GatewayUrlOverride)) url = _options.GatewayUrlOverride;
        else
        {
            info = await _rest.GetGatewayBotAsync(stop).ConfigureAwait(false);
            url = string.IsNullOrWhiteSpace(_options.GatewayUrlOverride) ? info.Url : _options.GatewayUrlOverride;
            // Every wait before an identify is taken before opening the socket, not on an open, unidentified connection
            // (Discord would close it).
            if (!resume) await WaitToIdentifyAsync(info.SessionStartLimit, stop).ConfigureAwait(false);
        }

        var uri = WithQuery(url);
        var ws = new ClientWebSocket();
        using var connection = new GatewayConnection(ws, _time);
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop))
        {
            connectTimeout.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                _state = GatewayState.Connecting;
                await ws.ConnectAsync(uri, connectTimeout.Token).ConfigureAwait(false);
            }
            catch when (resume && url == _session.ResumeUrl)
            {
                _session.ResumeUrlFailed(); // next attempt resumes through the main gateway URL
                throw;
            }
        }
        _current = connection;
        if (_stopping)
        {
            await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "SourceBot is stopping", CancellationToken.None).ConfigureAwait(false);
            return ConnectionOutcome.Stopped;
        }
        try
        {
            using var helloTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            helloTimeout.CancelAfter(TimeSpan.FromSeconds(30));
            using var hello = await connection.ReceiveAsync(helloTimeout.Token).ConfigureAwait(false);
            if (hello is null) return MapClose(connection, reachedReady: false);
            if (GatewayFrames.Opcode(hello.RootElement) != GatewayOpcode.Hello || !hello.RootElement.TryGetProperty("d", out var helloData) ||
                !helloData.TryGetProperty("heartbeat_interval", out var intervalElement))
                throw new GatewayProtocolException("the gateway did not start with Hello (op 10)");
            var interval = TimeSpan.FromMilliseconds(intervalElement.GetDouble());

            using var heartbeatCts = CancellationTokenSource.CreateLinkedTokenSource(stop);
            // The first beat waits heartbeat_interval * jitter; the timer starts now, before identify is sent.
            var firstBeat = Task.Delay(interval * _random(), _time, heartbeatCts.Token);
            var heartbeats = HeartbeatLoopAsync(connection, interval, firstBeat, heartbeatCts.Token);
            try
            {
                if (resume)
                {
                    _state = GatewayState.Resuming;
                    _logger.LogInformation("Resuming Discord gateway session at sequence {Sequence}", _session.Sequence);
                    await connection.SendAsync(GatewayFrames.Resume(_token, _session.Id!, _session.Sequence), stop).ConfigureAwait(false);
                }
                else
                {
                    _state = GatewayState.Identifying;
                    _logger.LogInformation("Identifying to the Discord gateway with intents {Intents} ({IntentsValue})", Intents, (int)Intents);
                    _identifies.Identified(ShardId, _maxConcurrency);
                    await connection.SendAsync(GatewayFrames.Identify(_token, (int)Intents), stop).ConfigureAwait(false);
                }
                return await ReceiveLoopAsync(connection, stop).ConfigureAwait(false);
            }
            finally
            {
                heartbeatCts.Cancel();
                try
                {
                    await heartbeats.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
        finally
        {
            _current = null;
        }
    }

    private async Task<ConnectionOutcome> ReceiveLoopAsync(GatewayConnection connection, CancellationToken stop)
    {
        bool reachedReady = false;
        while (true)
        {
            JsonDocument? document;
            try
            {
                document = await connection.ReceiveAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (connection.Zombie && e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
            {
                return ConnectionOutcome.Reconnect(resume: true, delay: TimeSpan.Zero, reachedReady);
            }
            catch (Exception e) when (_stopping && e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
            {
                return ConnectionOutcome.Stopped;
            }

            if (document is null)
            {
                if (_stopping) return ConnectionOutcome.Stopped;
                if (connection.Zombie) return ConnectionOutcome.Reconnect(resume: true, delay: TimeSpan.Zero, reachedReady);
                return MapClose(connection, reachedReady);
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.TryGetProperty("s", out var s) && s.ValueKind == JsonValueKind.Number) _session.Sequence = s.GetInt32();
                switch (GatewayFrames.Opcode(root))
                {
                    case GatewayOpcode.Dispatch:
                    {
                        var type = root.TryGetProperty("t", out var t) ? t.GetString() ?? "" : "";
                        var data = root.TryGetProperty("d", out var d) ? d.Clone() : default;
                        if (type == "READY")
                        {
                            var ready = DiscordJson.Deserialize<ReadyEvent>(data) ?? throw new GatewayProtocolException("READY without data");
                            _session.Start(ready.SessionId, ready.ResumeGatewayUrl);
                            CurrentUser = ready.User;
                            ApplicationId = ready.Application?.Id ?? ApplicationId;
                            _state = GatewayState.Ready;
                            reachedReady = true;
                            _invalidSessionsInARow = 0;
                            _logger.LogInformation("Discord gateway ready as {BotUser} ({BotUserId}), application {ApplicationId}",
                                ready.User.Username, ready.User.Id, ApplicationId);
                        }
                        else if (type == "RESUMED")
                        {
                            _state = GatewayState.Ready;
                            reachedReady = true;
                            _logger.LogInformation("Discord gateway session resumed at sequence {Sequence}", _session.Sequence);
                        }
                        _events.Writer.TryWrite(new GatewayDispatch(type, s.ValueKind == JsonValueKind.Number ? s.GetInt32() : null, data));
                        break;
                    }
                    case GatewayOpcode.Heartbeat:
                        // Discord asked for a beat: send one now, outside the interval. Only the periodic beats are checked
                        // for a missing ACK, so this one does not make the next periodic check see a zombie.
                        await connection.SendHeartbeatAsync(_session.Sequence, stop, expectAck: false).ConfigureAwait(false);
                        break;
                    case GatewayOpcode.Reconnect:
                        _logger.LogInformation("Discord asked the bot to reconnect (op 7)");
                        await connection.TryCloseAsync(ReconnectCloseStatus, "reconnect requested").ConfigureAwait(false);
                        return ConnectionOutcome.Reconnect(resume: true, delay: TimeSpan.Zero, reachedReady);
                    case GatewayOpcode.InvalidSession:
                    {
                        bool resumable = root.TryGetProperty("d", out var d) && d.ValueKind == JsonValueKind.True;
                        _logger.LogWarning("Discord invalidated the gateway session (op 9, resumable: {Resumable})", resumable);
                        await connection.TryCloseAsync(ReconnectCloseStatus, "invalid session").ConfigureAwait(false);
                        if (resumable) return ConnectionOutcome.Reconnect(resume: true, delay: TimeSpan.Zero, reachedReady);
                        // Each identify counts against the daily session start limit: while sessions keep being invalidated
                        // before READY, wait longer each time (1–5 s, then doubling, up to ReconnectMaxDelay).
                        return ConnectionOutcome.Reconnect(resume: false, delay: _reconnects.InvalidSessionDelay(_invalidSessionsInARow++), reachedReady);
                    }
                    case GatewayOpcode.HeartbeatAck:
                        connection.Acknowledge();
                        break;
                }
            }
        }
    }

    private async Task HeartbeatLoopAsync(GatewayConnection connection, TimeSpan interval, Task firstBeat, CancellationToken cancellationToken)
    {
        try
        {
            await firstBeat.ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                if (connection.AwaitingAck)
                {
                    _logger.LogWarning("No heartbeat ACK from Discord since the last heartbeat: zombie connection, reconnecting to resume");
                    connection.Zombie = true;
                    await connection.TryCloseAsync(ReconnectCloseStatus, "heartbeat ACK missed").ConfigureAwait(false);
                    connection.Abort();
                    return;
                }
                await connection.SendHeartbeatAsync(_session.Sequence, cancellationToken).ConfigureAwait(false);
                await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException or InvalidOperationException or IOException)
        {
        }
    }

    private ConnectionOutcome MapClose(GatewayConnection connection, bool reachedReady)
    {
        int code = (int?)connection.Socket.CloseStatus ?? (int)GatewayCloseCode.AbnormalClosure;
        var reason = Secrets.Redact(connection.Socket.CloseStatusDescription, _token);
        if (DiscordGatewayException.FatalMessage(code) is { } fatal)
        {
            return new ConnectionOutcome(ConnectionOutcomeKind.Fatal, false, null, reachedReady, code, fatal);
        }
        _logger.LogWarning("Discord closed the gateway connection with {CloseCode} {CloseReason}", code, reason);
        // These end the session: start a new one. Anything else may be resumed.
        bool resume = (GatewayCloseCode)code is not (GatewayCloseCode.NotAuthenticated or GatewayCloseCode.InvalidSequence or GatewayCloseCode.SessionTimedOut) && _session.Id is not null;
        return ConnectionOutcome.Reconnect(resume, delay: null, reachedReady);
    }

    private static Uri WithQuery(string url)
    {
        var builder = new UriBuilder(url);
        var query = builder.Query.TrimStart('?');
        var parts = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("v=", StringComparison.Ordinal) && !p.StartsWith("encoding=", StringComparison.Ordinal))
            .Append($"v={ApiVersion}").Append("encoding=json");
        builder.Query = string.Join('&', parts);
        return builder.Uri;
    }

}

