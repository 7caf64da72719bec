using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Client.Gateway;

/// <summary>
/// One shard's gateway session (<c>"shard": [id, count]</c> in IDENTIFY), with its own connection, heartbeats, session and
/// reconnects, so a shard that drops or resumes leaves the others be. Written from Discord's "Gateway" and "Opcodes and Status
/// Codes" pages: GET /gateway/bot for the URL and session start limit; hello, then heartbeats every heartbeat_interval with the
/// first one jittered; a heartbeat without ACK before the next one is a zombie connection (closed with 4000 and resumed);
/// identify with only the intents needed, in its turn under max_concurrency (<see cref="IdentifyScheduler"/>) and within the
/// daily session start limit (<see cref="SessionStartBudget"/>), both shared with the process's other shards; resume (op 6) on
/// resume_gateway_url with the session id and last sequence; op 7 reconnect; op 9 invalid session (resumable, or wait 1–5 s,
/// growing while it repeats before READY, and identify anew); a resume that is asked for again before it succeeded backs off
/// like a lost connection; exponential backoff with jitter on network loss; 4004 and 4010–4014 end the shard for good with a
/// message saying what to fix. Sends obey the 120-per-60-s gateway limit. Dispatches go to the process's one event queue,
/// marked with the shard id.
/// </summary>
internal sealed class GatewayShard : IDisposable
{
    private const WebSocketCloseStatus ReconnectCloseStatus = (WebSocketCloseStatus)GatewayCloseCode.UnknownError;

    private readonly int _count;
    private readonly DiscordOptions _options;
    private readonly IDiscordRestClient _rest;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<double> _random;
    private readonly string _token;
    private readonly GatewayIntents _intents;
    private readonly IdentifyScheduler _identifies;
    private readonly SessionStartBudget _sessionStarts;
    private readonly ChannelWriter<GatewayDispatch> _events;
    private readonly CancellationTokenSource _stopCts = new();
    private readonly object _startLock = new();
    private readonly GatewaySession _session = new();
    private readonly ReconnectPolicy _reconnects;

    // GET /gateway/bot as read before the shards were made; the first connection uses it.
    private GatewayBotInfo? _prefetched;
    // The first identify's turn, asked for in Start so that shards started in id order queue in id order.
    private Task<IdentifyTurn>? _firstTurn;
    // Identifies allowed per 5 s and the recommended shard count, from the latest GET /gateway/bot; only the run loop touches them.
    private int _maxConcurrency = 1;
    private int? _recommendedCount;
    // Op 9 (not resumable) received in a row without reaching READY; only the run loop touches it.
    private int _invalidSessionsInARow;

    private Task? _run;
    private volatile GatewayConnection? _current;
    private volatile bool _stopping;
    private ShardStatus _status;
    private volatile DiscordUser? _currentUser;
    private volatile string? _applicationId;

    public GatewayShard(int id, int count, DiscordOptions options, IDiscordRestClient rest, TimeProvider time, ILogger logger, Func<double> random,
        GatewayIntents intents, IdentifyScheduler identifies, SessionStartBudget sessionStarts, ChannelWriter<GatewayDispatch> events, GatewayBotInfo prefetched)
    {
        Id = id;
        _count = count;
        _options = options;
        _rest = rest;
        _time = time;
        _logger = logger;
        _random = random;
        _token = options.Token?.Trim() ?? "";
        _intents = intents;
        _identifies = identifies;
        _sessionStarts = sessionStarts;
        _events = events;
        _prefetched = prefetched;
        _reconnects = new ReconnectPolicy(options.ReconnectMaxDelay, random);
        _status = new ShardStatus(id, count, GatewayState.Stopped, null, null, 0);
    }

    public int Id { get; }

    /// <summary>The shard's state now (thread-safe).</summary>
    public ShardStatus Status => Volatile.Read(ref _status);

    /// <summary>The session state a resume needs (the last sequence number, …).</summary>
    public GatewaySession Session => _session;

    /// <summary>The bot's own user, from this shard's READY.</summary>
    public DiscordUser? CurrentUser => _currentUser;

    /// <summary>The application id, from this shard's READY.</summary>
    public string? ApplicationId => _applicationId;

    /// <summary>Ends when the shard stops; faults with <see cref="DiscordGatewayException"/> when it stopped for good.</summary>
    public Task Completion => _run ?? Task.CompletedTask;

    /// <summary>
    /// Starts connecting in the background. Takes this shard's place in its identify bucket's queue before returning, from the
    /// GET /gateway/bot reading it was given: shards started one after another in id order identify in that order, as Discord
    /// asks.
    /// </summary>
    public void Start()
    {
        lock (_startLock)
        {
            if (_run is not null) return;
            SetState(GatewayState.Connecting);
            if (_prefetched?.SessionStartLimit is { } limit) _maxConcurrency = Math.Max(1, limit.MaxConcurrency);
            _firstTurn = _identifies.WaitTurnAsync(Id, _maxConcurrency, _stopCts.Token);
            _run = Task.Run(() => RunAsync(_stopCts.Token), CancellationToken.None);
        }
    }

    /// <summary>Closes the connection with code 1000 and stops reconnecting; waits up to 5 s for the loop to end.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        _stopping = true;
        Task? run;
        lock (_startLock) run = _run;
        if (_current is null) Cancel(); // nothing to close: end a pending connect or reconnect delay now
        if (_current is { } connection)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "SourceBot is stopping", timeout.Token).ConfigureAwait(false);
                _logger.LogInformation("Closed the Discord gateway connection of shard {Shard} with code 1000", Id);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                _logger.LogDebug("The gateway connection of shard {Shard} could not be closed cleanly: {Reason}", Id, e.Message);
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
                Cancel();
            }
            catch (Exception)
            {
                // The loop's own failure: reported through Completion.
            }
            await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        Cancel();
        if (Status.State != GatewayState.Failed) SetState(GatewayState.Stopped);
    }

    /// <summary>Stops without waiting for a clean close; prefer <see cref="StopAsync"/>.</summary>
    public void Dispose()
    {
        _stopping = true;
        Cancel();
        _current?.Abort();
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

    private void SetState(GatewayState state) => Update(s => s.State == state ? s : s with { State = state });

    /// <summary>Replaces the status snapshot; the run loop and <see cref="StopAsync"/> may race, so compare-and-swap.</summary>
    private void Update(Func<ShardStatus, ShardStatus> change)
    {
        var seen = Volatile.Read(ref _status);
        while (true)
        {
            var next = change(seen);
            var found = Interlocked.CompareExchange(ref _status, next, seen);
            if (ReferenceEquals(found, seen)) return;
            seen = found;
        }
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
                    _logger.LogWarning("Discord gateway connection of shard {Shard} lost: {Reason}", Id, Secrets.Redact(e.Message, _token));
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
                Update(s => s with { State = GatewayState.Reconnecting, Reconnects = s.Reconnects + 1 });
                _logger.LogInformation("Reconnecting shard {Shard} to the Discord gateway in {DelayMs} ms ({Mode})",
                    Id, (long)delay.TotalMilliseconds, _session.Id is null ? "identify" : "resume");
                if (delay > TimeSpan.Zero) await Task.Delay(delay, _time, stop).ConfigureAwait(false);
            }
            SetState(GatewayState.Stopped);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested || _stopping)
        {
            SetState(GatewayState.Stopped);
        }
        catch (DiscordGatewayException)
        {
            SetState(GatewayState.Failed);
            throw;
        }
        catch (Exception e)
        {
            SetState(GatewayState.Failed);
            _logger.LogCritical(e, "The Discord gateway loop of shard {Shard} failed unexpectedly", Id);
            throw;
        }
        finally
        {
            // Stopped before the first identify: pass on the turn this shard was given (or is still waiting for).
            if (Interlocked.Exchange(ref _firstTurn, null) is { } unused)
            {
                _ = unused.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
    }

    /// <summary>
    /// Before an identify: this shard's turn in its max_concurrency bucket (one identify per 5 s per bucket), then a session
    /// start from the daily limit, waiting for its reset when no more than <see cref="SessionStartBudget.Reserve"/> remain.
    /// The turn is held until the identify is sent: the caller disposes it.
    /// </summary>
    private async Task<IdentifyTurn> WaitToIdentifyAsync(SessionStartLimit? limit, CancellationToken stop)
    {
        if (limit is not null)
        {
            _maxConcurrency = Math.Max(1, limit.MaxConcurrency);
            _sessionStarts.Update(limit);
        }
        var turn = await (Interlocked.Exchange(ref _firstTurn, null) ?? _identifies.WaitTurnAsync(Id, _maxConcurrency, stop)).ConfigureAwait(false);
        try
        {
            if (turn.Wait > TimeSpan.Zero)
            {
                _logger.LogInformation("Shard {Shard} waiting {WaitMs} ms to identify: Discord allows {MaxConcurrency} identify per 5 s per bucket (bucket {Bucket})",
                    Id, (long)turn.Wait.TotalMilliseconds, _maxConcurrency, turn.Bucket);
                await Task.Delay(turn.Wait, _time, stop).ConfigureAwait(false);
            }
            while (!_sessionStarts.TryTake(out var reset, out var remaining, out var total))
            {
                _logger.LogWarning("Discord's session start limit is nearly used up ({Remaining} of {Total} left, {Reserve} kept in reserve); shard {Shard} waiting {WaitMs} ms for it to reset before identifying",
                    remaining, total, SessionStartBudget.Reserve, Id, (long)reset.TotalMilliseconds);
                if (reset > TimeSpan.Zero) await Task.Delay(reset, _time, stop).ConfigureAwait(false);
            }
            return turn;
        }
        catch
        {
            turn.Dispose();
            throw;
        }
    }

    private async Task<ConnectionOutcome> ConnectOnceAsync(CancellationToken stop)
    {
        bool resume = _session.Id is not null;
        IdentifyTurn? turn = null;
        try
        {
            string url;
            if (resume && _session.UsableResumeUrl is { } resumeUrl) url = resumeUrl;
            else if (resume && !string.IsNullOrWhiteSpace(_options.GatewayUrlOverride)) url = _options.GatewayUrlOverride;
            else
            {
                var info = Interlocked.Exchange(ref _prefetched, null) ?? await _rest.GetGatewayBotAsync(stop).ConfigureAwait(false);
                _recommendedCount = info.Shards;
                url = string.IsNullOrWhiteSpace(_options.GatewayUrlOverride) ? info.Url : _options.GatewayUrlOverride;
                // Every wait before an identify is taken before opening the socket, not on an open, unidentified connection
                // (Discord would close it).
                if (!resume) turn = await WaitToIdentifyAsync(info.SessionStartLimit, stop).ConfigureAwait(false);
            }
            return await ConnectAsync(url, resume, turn, stop).ConfigureAwait(false);
        }
        finally
        {
            turn?.Dispose();
        }
    }

    private async Task<ConnectionOutcome> ConnectAsync(string url, bool resume, IdentifyTurn? turn, CancellationToken stop)
    {
        var uri = WithQuery(url);
        var ws = new ClientWebSocket();
        using var connection = new GatewayConnection(ws, _time);
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop))
        {
            connectTimeout.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                SetState(GatewayState.Connecting);
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
            _current = null;
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
                    SetState(GatewayState.Resuming);
                    _logger.LogInformation("Resuming the Discord gateway session of shard {Shard} at sequence {Sequence}", Id, _session.Sequence);
                    await connection.SendAsync(GatewayFrames.Resume(_token, _session.Id!, _session.Sequence), stop).ConfigureAwait(false);
                }
                else
                {
                    SetState(GatewayState.Identifying);
                    _logger.LogInformation("Identifying shard {Shard} of {ShardCount} to the Discord gateway with intents {Intents} ({IntentsValue})",
                        Id, _count, _intents, (int)_intents);
                    turn?.Identified();
                    try
                    {
                        await connection.SendAsync(GatewayFrames.Identify(_token, (int)_intents, Id, _count), stop).ConfigureAwait(false);
                    }
                    finally
                    {
                        turn?.Dispose(); // sent (or failed): the bucket's next shard may take its turn, 5 s from now
                    }
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
                            _currentUser = ready.User;
                            _applicationId = ready.Application?.Id ?? _applicationId;
                            var now = _time.GetUtcNow();
                            Update(st => st with { State = GatewayState.Ready, SessionEstablishedAt = now });
                            reachedReady = true;
                            _invalidSessionsInARow = 0;
                            _logger.LogInformation("Discord gateway shard {Shard} of {ShardCount} ready as {BotUser} ({BotUserId}), application {ApplicationId}",
                                Id, _count, ready.User.Username, ready.User.Id, _applicationId);
                        }
                        else if (type == "RESUMED")
                        {
                            SetState(GatewayState.Ready);
                            reachedReady = true;
                            _logger.LogInformation("Discord gateway session of shard {Shard} resumed at sequence {Sequence}", Id, _session.Sequence);
                        }
                        _events.TryWrite(new GatewayDispatch(type, s.ValueKind == JsonValueKind.Number ? s.GetInt32() : null, data, Id));
                        break;
                    }
                    case GatewayOpcode.Heartbeat:
                        // Discord asked for a beat: send one now, outside the interval. Only the periodic beats are checked
                        // for a missing ACK, so this one does not make the next periodic check see a zombie.
                        await connection.SendHeartbeatAsync(_session.Sequence, stop, expectAck: false).ConfigureAwait(false);
                        break;
                    case GatewayOpcode.Reconnect:
                        _logger.LogInformation("Discord asked shard {Shard} to reconnect (op 7)", Id);
                        await connection.TryCloseAsync(ReconnectCloseStatus, "reconnect requested").ConfigureAwait(false);
                        return ConnectionOutcome.Reconnect(resume: true, delay: TimeSpan.Zero, reachedReady);
                    case GatewayOpcode.InvalidSession:
                    {
                        bool resumable = root.TryGetProperty("d", out var d) && d.ValueKind == JsonValueKind.True;
                        _logger.LogWarning("Discord invalidated the gateway session of shard {Shard} (op 9, resumable: {Resumable})", Id, resumable);
                        await connection.TryCloseAsync(ReconnectCloseStatus, "invalid session").ConfigureAwait(false);
                        if (resumable) return ConnectionOutcome.Reconnect(resume: true, delay: TimeSpan.Zero, reachedReady);
                        // Each identify counts against the daily session start limit: while sessions keep being invalidated
                        // before READY, wait longer each time (1–5 s, then doubling, up to ReconnectMaxDelay).
                        return ConnectionOutcome.Reconnect(resume: false, delay: _reconnects.InvalidSessionDelay(_invalidSessionsInARow++), reachedReady);
                    }
                    case GatewayOpcode.HeartbeatAck:
                        if (connection.Acknowledge() is { } latency) Update(st => st with { HeartbeatLatency = latency });
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
                    _logger.LogWarning("No heartbeat ACK from Discord on shard {Shard} since the last heartbeat: zombie connection, reconnecting to resume", Id);
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
        if (DiscordGatewayException.FatalMessage(code, Id, _count, _recommendedCount) is { } fatal)
        {
            return new ConnectionOutcome(ConnectionOutcomeKind.Fatal, false, null, reachedReady, code, fatal);
        }
        _logger.LogWarning("Discord closed the gateway connection of shard {Shard} with {CloseCode} {CloseReason}", Id, code, reason);
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
            .Append($"v={DiscordGatewayClient.ApiVersion}").Append("encoding=json");
        builder.Query = string.Join('&', parts);
        return builder.Uri;
    }
}
