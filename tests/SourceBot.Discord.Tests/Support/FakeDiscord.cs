using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SourceBot.Discord.Tests.Support;

/// <summary>One HTTP request the fake Discord received.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>When the fake had read the request (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), however late a test looks at it.</summary>
    public long ReceivedAt { get; init; } = System.Diagnostics.Stopwatch.GetTimestamp();

    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>A canned HTTP answer; <paramref name="Hold"/> delays it until the task completes (a hanging server).</summary>
public sealed record FakeResponse(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, Task? Hold = null);

/// <summary>One IDENTIFY the fake gateway received: its shard pair (<c>[0, 1]</c> when it sent none), when by <see cref="FakeDiscord.Clock"/>, and on which connection.</summary>
public sealed record RecordedIdentify(int ShardId, int ShardCount, DateTimeOffset At, FakeGatewayConnection Connection);

/// <summary>
/// A fake Discord on 127.0.0.1 with an ephemeral port: the HTTP API under /api/v10 (recording every request, answering like
/// Discord unless a test overrides a response) and a WebSocket gateway at /gateway and /resume that tests script frame by frame.
/// It takes any number of gateway connections at once (one per shard) and records every IDENTIFY's shard pair.
/// </summary>
public sealed class FakeDiscord : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _messageIds = 5000;
    private int _connections;

    private FakeDiscord(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    public string ApiBase => BaseUrl + "/api/v10";
    public string GatewayUrl => BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/gateway";
    public string ResumeUrl => BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/resume";

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();
    public Channel<RecordedRequest> RequestStream { get; } = Channel.CreateUnbounded<RecordedRequest>();
    public Channel<FakeGatewayConnection> Connections { get; } = Channel.CreateUnbounded<FakeGatewayConnection>();
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>Every IDENTIFY received, in order of arrival.</summary>
    public ConcurrentQueue<RecordedIdentify> Identifies { get; } = new();

    /// <summary>The clock that stamps <see cref="RecordedIdentify.At"/>: the client's fake time in a test that controls time.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>What GET /gateway/bot answers for <c>shards</c> and <c>session_start_limit.max_concurrency</c>.</summary>
    public int RecommendedShards { get; set; } = 1;
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>Overrides the answer to a request; return null to answer like Discord.</summary>
    public Func<RecordedRequest, FakeResponse?>? Responder { get; set; }

    public static async Task<FakeDiscord> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeDiscord(app);
        app.UseWebSockets();
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return fake;
    }

    /// <summary>Waits for the next request matching the predicate (requests already recorded count).</summary>
    public async Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var found = Requests.FirstOrDefault(match);
            if (found is not null) return found;
            try
            {
                await RequestStream.Reader.WaitToReadAsync(cts.Token);
                while (RequestStream.Reader.TryRead(out _)) { }
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("No matching request; got: " + string.Join(", ", Requests));
            }
        }
    }

    public async Task<FakeGatewayConnection> NextConnectionAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await Connections.Reader.ReadAsync(cts.Token);
    }

    /// <summary>
    /// Takes the next <paramref name="count"/> connections and completes each one's handshake (hello, the client's identify,
    /// READY with session id <c>s-{shard id}</c>); returns them by the shard id they identified with.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, FakeGatewayConnection>> HandshakeShardsAsync(int count)
    {
        var connections = new List<FakeGatewayConnection>();
        for (int i = 0; i < count; i++) connections.Add(await NextConnectionAsync());
        var byShard = new Dictionary<int, FakeGatewayConnection>();
        await Task.WhenAll(connections.Select(async c =>
        {
            await c.SendHelloAsync();
            var identify = await c.ReceiveAsync();
            var shard = FakeGatewayConnection.ShardOf(identify).Id;
            lock (byShard) byShard.Add(shard, c);
            await c.SendReadyAsync("s-" + shard, ResumeUrl);
        }));
        return byShard;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path is "/gateway" or "/resume")
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }
            var socket = await context.WebSockets.AcceptWebSocketAsync();
            Interlocked.Increment(ref _connections);
            var connection = new FakeGatewayConnection(socket, path, context.Request.QueryString.Value ?? "");
            connection.Identified += shard => Identifies.Enqueue(new RecordedIdentify(shard.Id, shard.Count, Clock.GetUtcNow(), connection));
            await Connections.Writer.WriteAsync(connection);
            await connection.RunAsync(context.RequestAborted);
            return;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var apiPath = path.StartsWith("/api/v10", StringComparison.Ordinal) ? path["/api/v10".Length..] : path;
        var request = new RecordedRequest(context.Request.Method, apiPath, headers, body);
        Requests.Enqueue(request);
        RequestStream.Writer.TryWrite(request);

        var response = Responder?.Invoke(request) ?? Default(request);
        if (response.Hold is { } hold)
        {
            try
            {
                await hold.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>()) context.Response.Headers[name] = value;
        if (response.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(response.Body);
        }
    }

    private FakeResponse Default(RecordedRequest r)
    {
        string Message(string channel) => JsonSerializer.Serialize(new { id = Interlocked.Increment(ref _messageIds).ToString(), channel_id = channel, content = "" });
        var segments = r.Path.Trim('/').Split('/');
        return (r.Method, segments) switch
        {
            ("GET", ["gateway", "bot"]) => new(200, JsonSerializer.Serialize(new
            {
                url = GatewayUrl,
                shards = RecommendedShards,
                session_start_limit = new { total = 1000, remaining = 999, reset_after = 0, max_concurrency = MaxConcurrency },
            })),
            ("GET", ["oauth2", "applications", "@me"]) => new(200, """{"id":"1000","name":"SourceBot"}"""),
            ("PUT", ["applications", _, "commands"] or ["applications", _, "guilds", _, "commands"]) => new(200, r.Body),
            ("POST", ["channels", var channel, "messages"]) => new(200, Message(channel)),
            ("POST", ["channels", _, "typing"]) => new(204),
            ("POST", ["interactions", _, _, "callback"]) => new(204),
            ("PATCH", ["webhooks", _, _, "messages", "@original"]) => new(200, Message("c1")),
            ("DELETE", ["webhooks", _, _, "messages", "@original"]) => new(204),
            ("POST", ["webhooks", _, _]) => new(200, Message("c1")),
            _ => new(404, """{"message":"404: Not Found","code":0}"""),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One gateway WebSocket connection from the client, scripted by a test.</summary>
public sealed class FakeGatewayConnection
{
    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _heartbeats;
    private int _acks;

    public FakeGatewayConnection(WebSocket socket, string path, string query)
    {
        _socket = socket;
        Path = path;
        Query = query;
    }

    public string Path { get; }
    public string Query { get; }

    /// <summary>Raised with the shard pair of each IDENTIFY (op 2) as it arrives, before a test reads it from <see cref="Received"/>.</summary>
    public event Action<(int Id, int Count)>? Identified;

    /// <summary>The shard pair of an IDENTIFY frame: its <c>d.shard</c>, or <c>[0, 1]</c> when it has none (unsharded).</summary>
    public static (int Id, int Count) ShardOf(JsonElement identify) =>
        identify.GetProperty("d").TryGetProperty("shard", out var shard)
            ? (shard[0].GetInt32(), shard[1].GetInt32())
            : (0, 1);

    /// <summary>Everything the client sent except heartbeats (which are answered with ACKs while <see cref="AckHeartbeats"/>).</summary>
    public Channel<JsonElement> Received { get; } = Channel.CreateUnbounded<JsonElement>();
    public Channel<JsonElement> Heartbeats { get; } = Channel.CreateUnbounded<JsonElement>();
    public bool AckHeartbeats { get; set; } = true;
    public int HeartbeatCount => Volatile.Read(ref _heartbeats);

    /// <summary>Heartbeat ACKs sent (counted once written to the socket).</summary>
    public int AckCount => Volatile.Read(ref _acks);

    /// <summary>The close code the client sent (null: the connection ended without a close frame).</summary>
    public Task<WebSocketCloseStatus?> Closed => _closed.Task;

    internal async Task RunAsync(CancellationToken aborted)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, aborted);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        _closed.TrySetResult(_socket.CloseStatus);
                        if (_socket.State == WebSocketState.CloseReceived)
                            await _socket.CloseOutputAsync(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                        return;
                    }
                    message.Write(buffer, 0, result.Count);
                } while (!result.EndOfMessage);
                var json = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                if (json.GetProperty("op").GetInt32() == 1)
                {
                    Interlocked.Increment(ref _heartbeats);
                    Heartbeats.Writer.TryWrite(json);
                    if (AckHeartbeats)
                    {
                        await SendAsync(new { op = 11 });
                        Interlocked.Increment(ref _acks);
                    }
                    continue;
                }
                if (json.GetProperty("op").GetInt32() == 2) Identified?.Invoke(ShardOf(json));
                Received.Writer.TryWrite(json);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            _closed.TrySetResult(null);
        }
    }

    public async Task SendAsync(object payload)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload);
        await _send.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _send.Release();
        }
    }

    public Task SendHelloAsync(int heartbeatIntervalMs = 45_000) => SendAsync(new { op = 10, d = new { heartbeat_interval = heartbeatIntervalMs } });

    public Task DispatchAsync(string type, int sequence, object data) => SendAsync(new { op = 0, s = sequence, t = type, d = data });

    public Task SendReadyAsync(string sessionId, string resumeUrl, int sequence = 1, string botId = "42", string applicationId = "1000") =>
        DispatchAsync("READY", sequence, new
        {
            v = 10,
            user = new { id = botId, username = "SourceBot", bot = true },
            session_id = sessionId,
            resume_gateway_url = resumeUrl,
            application = new { id = applicationId, flags = 0 },
            guilds = Array.Empty<object>(),
        });

    public async Task<JsonElement> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await Received.Reader.ReadAsync(cts.Token);
    }

    public async Task<JsonElement> NextHeartbeatAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await Heartbeats.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Hello, then wait for the client's identify (op 2) and answer READY.</summary>
    public async Task<JsonElement> HandshakeAsync(string sessionId, string resumeUrl, int heartbeatIntervalMs = 45_000)
    {
        await SendHelloAsync(heartbeatIntervalMs);
        var identify = await ReceiveAsync();
        await SendReadyAsync(sessionId, resumeUrl);
        return identify;
    }

    public async Task CloseAsync(int code, string reason)
    {
        await _send.WaitAsync();
        try
        {
            await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>Drops the TCP connection without a close frame (network loss).</summary>
    public void Abort() => _socket.Abort();
}
