using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SourceBot.Core.Libraries;
using SourceBot.Discord.Bot;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Gateway;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Interactions;

namespace SourceBot.Discord;

/// <summary>
/// The bot as an <see cref="IHostedService"/>: starts the gateway, registers the commands on the first READY, notes threads and
/// their parent channels from GUILD_CREATE and the THREAD_* events, and hands MESSAGE_CREATE and INTERACTION_CREATE to their
/// handlers concurrently. The event loop never waits for a handler: an interaction (3 seconds to acknowledge) starts at once,
/// never behind mentions; mentions queue for their own bounded set of slots. Stopping closes the gateway with code 1000 and
/// lets answers in flight finish. Events come from every shard this process runs; any shard's interaction is answered here (by
/// REST), and handler logs carry the shard in a scope. From start to stop it holds the <see cref="InstanceLock"/> of its token,
/// data folder and shards; a process whose shards overlap a running one's stops at once. A fatal error (the gateway's, a
/// rejected token, the lock held) stops the application with a one-line message.
/// </summary>
public sealed class SourceBotDiscordService : IHostedService, IAsyncDisposable, IDisposable
{
    /// <summary>Mention answers handled at once; more wait in <see cref="_mentionQueue"/>.</summary>
    internal const int MaxConcurrentMentions = 64;

    /// <summary>Mentions waiting for a slot; beyond this a new one is dropped (logged) rather than holding up the event loop.</summary>
    internal const int MaxQueuedMentions = 1024;

    /// <summary>
    /// Logged at start when commands go to one guild: SourceBot does not delete global commands, so those of an earlier run
    /// without GuildId would show twice there.
    /// </summary>
    internal const string GuildCommandsNote =
        "Registering the commands in guild {GuildId} only. Global commands from an earlier run without GuildId stay registered (SourceBot does not " +
        "delete them) and show twice in that server; to clear them, bulk-overwrite the global commands with an empty list: " +
        "PUT https://discord.com/api/v10/applications/<application id>/commands with the body [] and the header \"Authorization: Bot <token>\".";

    /// <summary>Logged at start when no server moderates the knowledge.</summary>
    internal const string ModerationOffNote =
        "Discord moderation is off: no moderating server is set. To let a server's moderators use /kb and the Teach buttons, set " +
        "SourceBot:Discord:ModeratorGuildIds (or GuildId) to that server's id and ModeratorRoleIds to its moderator role. The CLI's kb verbs work either way.";

    private readonly IDiscordGatewayClient _gateway;
    private readonly IDiscordRestClient _rest;
    private readonly MentionHandler _mentions;
    private readonly InteractionRouter _interactions;
    private readonly ThreadParents _threads;
    private readonly BotSession _session;
    private readonly DiscordBotStatus _status;
    private readonly DiscordOptions _options;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _cts = new();
    private readonly SemaphoreSlim _mentionSlots = new(MaxConcurrentMentions, MaxConcurrentMentions);
    private readonly Channel<(DiscordMessage Message, int Shard)> _mentionQueue = Channel.CreateBounded<(DiscordMessage Message, int Shard)>(
        new BoundedChannelOptions(MaxQueuedMentions) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private Task? _pump;
    private Task? _mentionPump;
    private Task? _watch;
    private InstanceLock? _instanceLock;
    private int _commandsRegistered;
    private readonly bool _libraries;

    /// <summary>Mentions received and not yet started (waiting in the queue for a slot).</summary>
    internal int QueuedMentions => _mentionQueue.Reader.Count;

    public SourceBotDiscordService(IDiscordGatewayClient gateway, IDiscordRestClient rest, MentionHandler mentions, InteractionRouter interactions,
        ThreadParents threads, BotSession session, DiscordBotStatus status, IOptions<DiscordOptions> options, ILogger<SourceBotDiscordService> logger,
        IHostApplicationLifetime? lifetime = null, ILibraries? libraries = null, DiscordMetrics? metrics = null)
    {
        _libraries = libraries is not null;
        metrics?.ObserveQueue("mentions", () => _mentionQueue.Reader.Count);
        _gateway = gateway;
        _rest = rest;
        _mentions = mentions;
        _interactions = interactions;
        _threads = threads;
        _session = session;
        _status = status;
        _options = options.Value;
        _lifetime = lifetime;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _logger.LogInformation("Starting SourceBot on Discord (mentions: {AnswerMentions}, DMs: {AllowDirectMessages}, channels: {ChannelCount}, shards: {Shards})",
            _options.AnswerMentions, _options.AllowDirectMessages, _options.AllowedChannelIds.Count == 0 ? "all" : _options.AllowedChannelIds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ShardsDescription(_options.Shards));
        if (_options.RegisterCommands && !string.IsNullOrWhiteSpace(_options.GuildId))
            _logger.LogInformation(GuildCommandsNote, _options.GuildId);
        var moderating = _options.ModeratingGuilds();
        if (moderating.Count == 0) _logger.LogInformation(ModerationOffNote);
        else _logger.LogInformation("Moderation (/kb, Teach) in servers {ModeratorGuildIds} only", string.Join(", ", moderating.Order(StringComparer.Ordinal)));
        var stopOnFatalError = Task.Run(() => StopOnFatalErrorAsync(_cts.Token), CancellationToken.None);
        try
        {
            _instanceLock = InstanceLock.Acquire(DataFolder(_options), _options.Token, _options.Shards.Ids);
        }
        catch (DiscordConfigurationException e)
        {
            // Not connecting at all: a second connection on the same token would answer every mention twice.
            _watch = stopOnFatalError;
            _status.Fail(e);
            return;
        }
        _logger.LogDebug("Holding the instance lock {LockPath}", _instanceLock.Path);
        _ = Task.Run(BuildEventContracts, CancellationToken.None); // while the gateway connects
        await _gateway.StartAsync(cancellationToken).ConfigureAwait(false);
        _pump = Task.Run(() => PumpAsync(_cts.Token), CancellationToken.None);
        _mentionPump = Task.Run(() => MentionPumpAsync(_cts.Token), CancellationToken.None);
        _watch = Task.WhenAll(Task.Run(WatchGatewayAsync, CancellationToken.None), stopOnFatalError);
    }

    /// <summary>Builds the events' JSON contracts (<see cref="EventContracts"/>); a failure only leaves that to the first event.</summary>
    private void BuildEventContracts()
    {
        try
        {
            EventContracts.Build();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException)
        {
            _logger.LogDebug("Building the event contracts ahead of the first event failed: {Error}", e.Message);
        }
    }

    /// <summary>"all of Discord's recommended count", "all of 4", "1, 3 of 4" …, for the start line.</summary>
    private static string ShardsDescription(DiscordShardOptions shards)
    {
        var count = shards.Count?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "Discord's recommended count";
        return (shards.Ids ?? []).Count == 0 ? "all of " + count : string.Join(", ", shards.Ids!.Order()) + " of " + count;
    }

    /// <summary>The folder of the feedback database, where the instance lock lives.</summary>
    private static string DataFolder(DiscordOptions options) =>
        Path.GetDirectoryName(Path.GetFullPath(options.FeedbackDatabasePath)) ?? Directory.GetCurrentDirectory();

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_instanceLock is null)
        {
            // Never started (another instance holds the lock): nothing to stop.
            _cts.Cancel();
            if (_watch is not null) await _watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return;
        }
        _logger.LogInformation("Stopping SourceBot on Discord");
        await _gateway.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The event loop ends with the gateway's events; the mentions it queued are started before waiting for them all.
            if (_pump is not null) await _pump.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (_mentionPump is not null) await _mentionPump.WaitAsync(cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(_inFlight.Keys.ToArray()).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("Stopped with {Count} answers still in flight", _inFlight.Count);
        }
        _cts.Cancel();
        if (_pump is not null) await _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_mentionPump is not null) await _mentionPump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_watch is not null) await _watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // Last: a new instance may start only when this one no longer answers anything.
        _instanceLock.Dispose();
    }

    /// <summary>Reports a gateway that stopped for good (4004, 4014, …) as the bot's fatal error.</summary>
    private async Task WatchGatewayAsync()
    {
        try
        {
            await _gateway.Completion.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _status.Fail(e);
        }
    }

    /// <summary>Stops the application on the first fatal error, wherever it came from (gateway, REST, start-up).</summary>
    private async Task StopOnFatalErrorAsync(CancellationToken cancellationToken)
    {
        try
        {
            var error = await _status.Failed.WaitAsync(cancellationToken).ConfigureAwait(false);
            _logger.LogCritical("SourceBot stopped: {Problem}", error.Message);
            _lifetime?.StopApplication();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var dispatch in _gateway.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                // Each event on its own: one that fails to read or to dispatch is logged and skipped, never the end of the loop
                // (a loop that ended would leave the bot connected but deaf).
                try
                {
                    Dispatch(dispatch);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.LogError(e, "Skipped Discord event {EventType} {EventId} (shard {Shard}, sequence {Sequence}): {ErrorType}: {Error}",
                        dispatch.Type, EventIdOf(dispatch), dispatch.Shard, dispatch.Sequence, e.GetType().Name, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            _logger.LogError(e, "The Discord event loop failed");
        }
        finally
        {
            _mentionQueue.Writer.TryComplete();
        }
    }

    private void Dispatch(GatewayDispatch dispatch)
    {
        switch (dispatch.Type)
        {
            case "READY":
                _session.UserId = _gateway.CurrentUser?.Id ?? DiscordJson.Deserialize<ReadyEvent>(dispatch.Data)?.User.Id;
                _session.ApplicationId = _options.ApplicationId is { Length: > 0 } configured ? configured
                    : _gateway.ApplicationId ?? DiscordJson.Deserialize<ReadyEvent>(dispatch.Data)?.Application?.Id;
                if (_options.RegisterCommands && Interlocked.Exchange(ref _commandsRegistered, 1) == 0)
                    Start(RegisterCommandsAsync, dispatch.Shard);
                break;
            case "MESSAGE_CREATE":
                if (DiscordJson.Deserialize<DiscordMessage>(dispatch.Data) is { } message && !_mentionQueue.Writer.TryWrite((message, dispatch.Shard)))
                    _logger.LogWarning("Dropped message {MessageId} of shard {Shard}: {Count} mentions are already waiting to be answered", message.Id, dispatch.Shard, MaxQueuedMentions);
                break;
            case "GUILD_CREATE" or "THREAD_CREATE" or "THREAD_UPDATE" or "THREAD_DELETE" or "THREAD_LIST_SYNC":
                // In order, before the messages after it: a MESSAGE_CREATE in a new thread finds the thread known.
                _threads.Apply(dispatch);
                break;
            case "INTERACTION_CREATE":
                // Started at once, whatever the mentions are doing: Discord wants the first response within 3 seconds. Answered
                // by REST, so whichever shard brought it (and whichever process posted the message it refers to) will do.
                if (DiscordJson.Deserialize<DiscordInteraction>(dispatch.Data) is { } interaction)
                    Start(ct => _interactions.HandleAsync(interaction, ct), dispatch.Shard);
                break;
        }
    }

    /// <summary>The event's own id for the log, when its data has one as a scalar; never any other field (tokens live there).</summary>
    private static string? EventIdOf(GatewayDispatch dispatch) =>
        dispatch.Data.ValueKind == System.Text.Json.JsonValueKind.Object && dispatch.Data.TryGetProperty("id", out var id) &&
        id.ValueKind is System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Number
            ? id.ToString()
            : null;

    /// <summary>Starts the queued mentions in order, each when one of the <see cref="MaxConcurrentMentions"/> slots is free.</summary>
    private async Task MentionPumpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (message, shard) in _mentionQueue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await _mentionSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
                Start(ct => _mentions.HandleAsync(message, ct), shard, _mentionSlots);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Runs a handler in the background, logging rather than losing its failure, within a log scope naming the
    /// <paramref name="shard"/> whose event it handles; <paramref name="slot"/>, when given, was taken by the caller and is
    /// released when the handler ends.
    /// </summary>
    private void Start(Func<CancellationToken, Task> handler, int shard, SemaphoreSlim? slot = null)
    {
        // PreferFairness: into the thread pool's global queue, which runs first in, first out. Task.Run from the event loop (a
        // pool thread) would use that thread's local queue, which it runs newest first: in a burst the oldest interactions,
        // the nearest to their 3-second deadline, would be acknowledged last.
        var task = Task.Factory.StartNew(async () =>
        {
            using var scope = _logger.BeginScope("Shard {Shard}", shard);
            try
            {
                await handler(_cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_cts.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                _logger.LogError(e, "A Discord event handler of shard {Shard} failed", shard);
            }
            finally
            {
                slot?.Release();
            }
        }, CancellationToken.None, TaskCreationOptions.PreferFairness | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
        _inFlight.TryAdd(task, 0);
        _ = task.ContinueWith(t => _inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RegisterCommandsAsync(CancellationToken cancellationToken)
    {
        string applicationId;
        try
        {
            applicationId = _session.ApplicationId ?? (await _rest.GetCurrentApplicationAsync(cancellationToken).ConfigureAwait(false)).Id;
        }
        catch (DiscordHttpException e)
        {
            _logger.LogError("Reading the application id failed ({Status} {DiscordCode} {DiscordMessage}); commands not registered",
                (int)e.StatusCode, e.DiscordCode, e.DiscordMessage);
            return;
        }
        _session.ApplicationId = applicationId;
        foreach (var registration in Commands.Registrations(_options, _libraries))
        {
            // Each scope on its own: a server that removed the bot must not keep the others from getting their commands.
            try
            {
                var registered = await _rest.BulkOverwriteCommandsAsync(applicationId, registration.GuildId, registration.Commands, cancellationToken).ConfigureAwait(false);
                _logger.LogInformation("Registered {Count} application commands {Scope}", registered.Count,
                    registration.GuildId is null ? "globally" : $"in guild {registration.GuildId}");
            }
            catch (DiscordHttpException e)
            {
                _logger.LogError("Registering the application commands {Scope} failed ({Status} {DiscordCode} {DiscordMessage}); was the bot invited there with the applications.commands scope?",
                    registration.GuildId is null ? "globally" : $"in guild {registration.GuildId}", (int)e.StatusCode, e.DiscordCode, e.DiscordMessage);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _cts.Cancel();
        if (_pump is not null) await _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_mentionPump is not null) await _mentionPump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _instanceLock?.Dispose();
        _cts.Dispose();
        _mentionSlots.Dispose();
    }

    public void Dispose()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return; // already disposed asynchronously
        }
        _instanceLock?.Dispose();
        _cts.Dispose();
        _mentionSlots.Dispose();
    }
}
