using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Client;

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
    private const int SendLimitPerMinute = 120;
    private const int MaxMessageBytes = 32 * 1024 * 1024;
    private const WebSocketCloseStatus ReconnectCloseStatus = (WebSocketCloseStatus)4000;

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

    private Task? _run;
    private volatile Connection? _current;
    private volatile bool _stopping;
    private volatile GatewayState _state = GatewayState.Stopped;
    private string? _sessionId;
    private string? _resumeUrl;
    private bool _resumeUrlFailed;
    // Op 9 (not resumable) received in a row without reaching READY; only the run loop touches it.
    private int _invalidSessionsInARow;
    // The last sequence number received, or NoSequence: written by the receive loop and read by the heartbeat loop, so it is a
    // long read and written atomically (Volatile / Interlocked) rather than an int? (two fields, which a reader could see torn).
    private const long NoSequence = -1;
    private long _sequence = NoSequence;

    /// <summary>The last sequence number received in this session, or null before the first one (thread-safe).</summary>
    internal int? Sequence
    {
        get
        {
            var value = Volatile.Read(ref _sequence);
            return value == NoSequence ? null : (int)value;
        }
        private set => Interlocked.Exchange(ref _sequence, value ?? NoSequence);
    }

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

    public string? SessionId => _sessionId;

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
                Outcome outcome;
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
                    throw new DiscordGatewayException(4004, DiscordToken.RejectedMessage("HTTP 401 on GET /gateway/bot"));
                }
                catch (Exception e) when (e is WebSocketException or IOException or HttpRequestException or TimeoutException or DiscordHttpException
                                              or JsonException or GatewayProtocolException or OperationCanceledException)
                {
                    if (_stopping) break;
                    _logger.LogWarning("Discord gateway connection lost: {Reason}", Secrets.Redact(e.Message, _token));
                    outcome = Outcome.Reconnect(resume: _sessionId is not null, delay: null, reachedReady: false);
                }

                if (_stopping || stop.IsCancellationRequested || outcome.Kind == OutcomeKind.Stopped) break;
                if (outcome.Kind == OutcomeKind.Fatal) throw new DiscordGatewayException(outcome.CloseCode, outcome.Message!);

                if (outcome.ReachedReady) failures = 0;
                if (!outcome.Resume) ClearSession();
                var delay = outcome.Delay switch
                {
                    // A resume asked for at once (op 7, op 9 resumable, a zombie) is repeating when this connection never got
                    // to READY or RESUMED either: back off as after a lost connection rather than reconnecting in a tight loop.
                    { } now when now == TimeSpan.Zero && !outcome.ReachedReady => Backoff(failures++),
                    { } asked => asked,
                    null => Backoff(failures++),
                };
                _state = GatewayState.Reconnecting;
                _logger.LogInformation("Reconnecting to the Discord gateway in {DelayMs} ms ({Mode})",
                    (long)delay.TotalMilliseconds, _sessionId is null ? "identify" : "resume");
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
    /// The wait before identifying again after op 9 (not resumable): 1–5 s at random as Discord's reference says, doubled for
    /// each op 9 in a row before READY (<paramref name="repeats"/>), up to ReconnectMaxDelay (never below the first wait).
    /// </summary>
    internal TimeSpan InvalidSessionDelay(int repeats)
    {
        var first = TimeSpan.FromSeconds(1 + 4 * _random());
        var grown = first * Math.Pow(2, Math.Min(repeats, 16));
        var cap = _options.ReconnectMaxDelay > first ? _options.ReconnectMaxDelay : first;
        return grown < cap ? grown : cap;
    }

    /// <summary>Up to ReconnectMaxDelay: 1 s, 2 s, 4 s … each between half and all of that, at random.</summary>
    internal TimeSpan Backoff(int failures)
    {
        var full = TimeSpan.FromSeconds(Math.Min(_options.ReconnectMaxDelay.TotalSeconds, Math.Pow(2, Math.Min(failures, 16))));
        return full * (0.5 + 0.5 * _random());
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

    private void ClearSession()
    {
        _sessionId = null;
        Sequence = null;
        _resumeUrl = null;
        _resumeUrlFailed = false;
    }

    private async Task<Outcome> ConnectOnceAsync(CancellationToken stop)
    {
        bool resume = _sessionId is not null;
        string url;
        GatewayBotInfo? info = null;
        if (resume && _resumeUrl is not null && !_resumeUrlFailed) url = _resumeUrl;
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
        using var connection = new Connection(ws, _time);
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop))
        {
            connectTimeout.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                _state = GatewayState.Connecting;
                await ws.ConnectAsync(uri, connectTimeout.Token).ConfigureAwait(false);
            }
            catch when (resume && url == _resumeUrl)
            {
                _resumeUrlFailed = true; // next attempt resumes through the main gateway URL
                throw;
            }
        }
        _current = connection;
        if (_stopping)
        {
            await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "SourceBot is stopping", CancellationToken.None).ConfigureAwait(false);
            return Outcome.Stopped;
        }
        try
        {
            using var helloTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            helloTimeout.CancelAfter(TimeSpan.FromSeconds(30));
            using var hello = await connection.ReceiveAsync(helloTimeout.Token).ConfigureAwait(false);
            if (hello is null) return MapClose(connection, reachedReady: false);
            if (Op(hello.RootElement) != 10 || !hello.RootElement.TryGetProperty("d", out var helloData) ||
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
                    _logger.LogInformation("Resuming Discord gateway session at sequence {Sequence}", Sequence);
                    await connection.SendAsync(GatewayFrames.Resume(_token, _sessionId!, Sequence), stop).ConfigureAwait(false);
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

    private async Task<Outcome> ReceiveLoopAsync(Connection connection, CancellationToken stop)
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
                return Outcome.Reconnect(resume: true, delay: TimeSpan.Zero, reachedReady);
            }
            catch (Exception e) when (_stopping && e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
            {
                return Outcome.Stopped;
            }

            if (document is null)
            {
                if (_stopping) return Outcome.Stopped;
                if (connection.Zombie) return Outcome.Reconnect(resume: true, delay: TimeSpan.Zero, reachedReady);
                return MapClose(connection, reachedReady);
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.TryGetProperty("s", out var s) && s.ValueKind == JsonValueKind.Number) Sequence = s.GetInt32();
                switch (Op(root))
                {
                    case 0:
                    {
                        var type = root.TryGetProperty("t", out var t) ? t.GetString() ?? "" : "";
                        var data = root.TryGetProperty("d", out var d) ? d.Clone() : default;
                        if (type == "READY")
                        {
                            var ready = DiscordJson.Deserialize<ReadyEvent>(data) ?? throw new GatewayProtocolException("READY without data");
                            _sessionId = ready.SessionId;
                            _resumeUrl = string.IsNullOrWhiteSpace(ready.ResumeGatewayUrl) ? null : ready.ResumeGatewayUrl;
                            _resumeUrlFailed = false;
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
                            _logger.LogInformation("Discord gateway session resumed at sequence {Sequence}", Sequence);
                        }
                        _events.Writer.TryWrite(new GatewayDispatch(type, s.ValueKind == JsonValueKind.Number ? s.GetInt32() : null, data));
                        break;
                    }
                    case 1:
                        // Discord asked for a beat: send one now, outside the interval. Only the periodic beats are checked
                        // for a missing ACK, so this one does not make the next periodic check see a zombie.
                        await connection.SendHeartbeatAsync(Sequence, stop, expectAck: false).ConfigureAwait(false);
                        break;
                    case 7:
                        _logger.LogInformation("Discord asked the bot to reconnect (op 7)");
                        await connection.TryCloseAsync(ReconnectCloseStatus, "reconnect requested").ConfigureAwait(false);
                        return Outcome.Reconnect(resume: true, delay: TimeSpan.Zero, reachedReady);
                    case 9:
                    {
                        bool resumable = root.TryGetProperty("d", out var d) && d.ValueKind == JsonValueKind.True;
                        _logger.LogWarning("Discord invalidated the gateway session (op 9, resumable: {Resumable})", resumable);
                        await connection.TryCloseAsync(ReconnectCloseStatus, "invalid session").ConfigureAwait(false);
                        if (resumable) return Outcome.Reconnect(resume: true, delay: TimeSpan.Zero, reachedReady);
                        // Each identify counts against the daily session start limit: while sessions keep being invalidated
                        // before READY, wait longer each time (1–5 s, then doubling, up to ReconnectMaxDelay).
                        return Outcome.Reconnect(resume: false, delay: InvalidSessionDelay(_invalidSessionsInARow++), reachedReady);
                    }
                    case 11:
                        connection.Acknowledge();
                        break;
                }
            }
        }
    }

    private async Task HeartbeatLoopAsync(Connection connection, TimeSpan interval, Task firstBeat, CancellationToken cancellationToken)
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
                await connection.SendHeartbeatAsync(Sequence, cancellationToken).ConfigureAwait(false);
                await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException or InvalidOperationException or IOException)
        {
        }
    }

    private Outcome MapClose(Connection connection, bool reachedReady)
    {
        int code = (int?)connection.Socket.CloseStatus ?? 1006;
        var reason = Secrets.Redact(connection.Socket.CloseStatusDescription, _token);
        if (DiscordGatewayException.FatalMessage(code) is { } fatal)
        {
            return new Outcome(OutcomeKind.Fatal, false, null, reachedReady, code, fatal);
        }
        _logger.LogWarning("Discord closed the gateway connection with {CloseCode} {CloseReason}", code, reason);
        // 4003, 4007 and 4009 end the session: start a new one. Anything else may be resumed.
        bool resume = code is not (4003 or 4007 or 4009) && _sessionId is not null;
        return Outcome.Reconnect(resume, delay: null, reachedReady);
    }

    private static int Op(JsonElement root) => root.TryGetProperty("op", out var op) && op.TryGetInt32(out var value) ? value : -1;

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

    private enum OutcomeKind
    {
        Reconnect,
        Stopped,
        Fatal,
    }

    private readonly record struct Outcome(OutcomeKind Kind, bool Resume, TimeSpan? Delay, bool ReachedReady, int CloseCode, string? Message)
    {
        public static Outcome Stopped => new(OutcomeKind.Stopped, false, null, false, 1000, null);
        public static Outcome Reconnect(bool resume, TimeSpan? delay, bool reachedReady) => new(OutcomeKind.Reconnect, resume, delay, reachedReady, 0, null);
    }

    /// <summary>One WebSocket connection: serialized, rate-limited sends and whole-message receives.</summary>
    private sealed class Connection : IDisposable
    {
        private readonly SemaphoreSlim _sendLock = new(1, 1);
        private readonly TimeWindowRateLimiter _sendLimit;
        private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
        private int _awaitingAck;

        public Connection(ClientWebSocket socket, TimeProvider time)
        {
            Socket = socket;
            _sendLimit = new TimeWindowRateLimiter(SendLimitPerMinute, TimeSpan.FromSeconds(60), 1000, time);
        }

        public ClientWebSocket Socket { get; }

        public volatile bool Zombie;

        public bool AwaitingAck => Volatile.Read(ref _awaitingAck) == 1;

        public void Acknowledge() => Volatile.Write(ref _awaitingAck, 0);

        /// <summary>
        /// Sends a heartbeat; with <paramref name="expectAck"/> (the periodic beats) the next periodic check requires an ACK
        /// by then. Any ACK counts, as it shows the connection is alive.
        /// </summary>
        public async Task SendHeartbeatAsync(int? sequence, CancellationToken cancellationToken, bool expectAck = true)
        {
            if (expectAck) Volatile.Write(ref _awaitingAck, 1);
            await SendAsync(GatewayFrames.Heartbeat(sequence), cancellationToken).ConfigureAwait(false);
        }

        public async Task SendAsync(byte[] frame, CancellationToken cancellationToken)
        {
            using var lease = await _sendLimit.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (!lease.IsAcquired) throw new GatewayProtocolException("the gateway send queue is full");
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }

        public async Task CloseAsync(WebSocketCloseStatus status, string reason, CancellationToken cancellationToken)
        {
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    await Socket.CloseOutputAsync(status, reason, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }

        public async Task TryCloseAsync(WebSocketCloseStatus status, string reason)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await CloseAsync(status, reason, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or IOException)
            {
            }
        }

        public void Abort() => Socket.Abort();

        /// <summary>The next whole message as JSON, or null when the server closed the connection.</summary>
        public async Task<JsonDocument?> ReceiveAsync(CancellationToken cancellationToken)
        {
            _buffer.Clear();
            while (true)
            {
                var memory = _buffer.GetMemory(16 * 1024);
                var result = await Socket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close) return null;
                _buffer.Advance(result.Count);
                if (_buffer.WrittenCount > MaxMessageBytes) throw new GatewayProtocolException("a gateway message exceeded 32 MiB");
                if (result.EndOfMessage) return JsonDocument.Parse(_buffer.WrittenMemory);
            }
        }

        public void Dispose()
        {
            Socket.Dispose();
            _sendLimit.Dispose();
            _sendLock.Dispose();
        }
    }
}

/// <summary>The gateway sent something this client cannot follow.</summary>
public sealed class GatewayProtocolException(string message) : Exception(message);

/// <summary>The JSON frames SourceBot sends to the gateway.</summary>
internal static class GatewayFrames
{
    public static byte[] Heartbeat(int? sequence) => Write(1, w =>
    {
        if (sequence is { } s) w.WriteNumberValue(s);
        else w.WriteNullValue();
    });

    public static byte[] Identify(string token, int intents) => Write(2, w =>
    {
        w.WriteStartObject();
        w.WriteString("token", token);
        w.WriteNumber("intents", intents);
        w.WriteStartObject("properties");
        w.WriteString("os", OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "linux");
        w.WriteString("browser", "SourceBot");
        w.WriteString("device", "SourceBot");
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static byte[] Resume(string token, string sessionId, int? sequence) => Write(6, w =>
    {
        w.WriteStartObject();
        w.WriteString("token", token);
        w.WriteString("session_id", sessionId);
        if (sequence is { } s) w.WriteNumber("seq", s);
        else w.WriteNull("seq");
        w.WriteEndObject();
    });

    private static byte[] Write(int op, Action<Utf8JsonWriter> data)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("op", op);
            w.WritePropertyName("d");
            data(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
