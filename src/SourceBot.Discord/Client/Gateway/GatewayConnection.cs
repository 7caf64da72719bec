using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;

namespace SourceBot.Discord.Client.Gateway;

/// <summary>One WebSocket connection: serialized, rate-limited sends and whole-message receives.</summary>
internal sealed class GatewayConnection : IDisposable
{
    private const int SendLimitPerMinute = 120;
    private const int MaxMessageBytes = 32 * 1024 * 1024;

    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TimeWindowRateLimiter _sendLimit;
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly TimeProvider _time;
    private int _awaitingAck;
    // The TimeProvider timestamp of the last periodic heartbeat, for the ACK's latency.
    private long _beatSentAt;

    public GatewayConnection(ClientWebSocket socket, TimeProvider time)
    {
        Socket = socket;
        _time = time;
        _sendLimit = new TimeWindowRateLimiter(SendLimitPerMinute, TimeSpan.FromSeconds(60), 1000, time);
    }

    public ClientWebSocket Socket { get; }

    /// <summary>Set by the heartbeat loop when an ACK was missed: the connection is being dropped to resume.</summary>
    public volatile bool Zombie;

    public bool AwaitingAck => Volatile.Read(ref _awaitingAck) == 1;

    /// <summary>An ACK arrived: the latency since the periodic heartbeat it answers, or null when none was awaiting one.</summary>
    public TimeSpan? Acknowledge() =>
        Interlocked.Exchange(ref _awaitingAck, 0) == 1 ? _time.GetElapsedTime(Volatile.Read(ref _beatSentAt)) : null;

    /// <summary>
    /// Sends a heartbeat; with <paramref name="expectAck"/> (the periodic beats) the next periodic check requires an ACK
    /// by then. Any ACK counts, as it shows the connection is alive.
    /// </summary>
    public async Task SendHeartbeatAsync(int? sequence, CancellationToken cancellationToken, bool expectAck = true)
    {
        if (expectAck)
        {
            Volatile.Write(ref _beatSentAt, _time.GetTimestamp());
            Volatile.Write(ref _awaitingAck, 1);
        }
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
