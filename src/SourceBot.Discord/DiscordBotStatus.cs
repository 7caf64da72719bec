namespace SourceBot.Discord;

/// <summary>
/// How the Discord front end ended, for the host to report after the host stops. Whatever stops the bot for good (the gateway
/// or any of its shards, the REST client on a rejected token, another process running the same shards at start) reports here;
/// the bot service then stops the application. Whether the shards are connected is <see cref="Client.Gateway.IShardStatus"/>'s.
/// </summary>
public sealed class DiscordBotStatus
{
    private readonly object _lock = new();
    private readonly TaskCompletionSource<Exception> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _fatalError;

    /// <summary>
    /// Set when the bot stopped for good (e.g. close code 4004, 4011 or 4014, a token rejected with HTTP 401, another process
    /// running the same shards); its message says what to fix, in one line.
    /// </summary>
    public Exception? FatalError
    {
        get
        {
            lock (_lock) return _fatalError;
        }
    }

    /// <summary>Completes with the first fatal error.</summary>
    internal Task<Exception> Failed => _failed.Task;

    /// <summary>Records a fatal error; only the first counts (it is the one that says what to fix). True when this was it.</summary>
    internal bool Fail(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        lock (_lock)
        {
            if (_fatalError is not null) return false;
            _fatalError = error;
        }
        _failed.TrySetResult(error);
        return true;
    }
}
