using System.Text.Json;
using SourceBot.Core.Tests.Storage.Postgres;
using SourceBot.Discord.Tests.Support;
using SourceBot.Tests.Cli;
using SourceBot.Tests.Shared;

namespace SourceBot.Tests.EndToEnd;

/// <summary>
/// Two `SourceBot run` processes of one bot on one PostgreSQL database, connected to the loopback fake Discord: A runs shard 0
/// and B shard 1 of two. The fake tells them apart by their tokens, which differ only in the signature part (the bot id, and
/// so the bot, is the same): each REST request's Authorization header and each IDENTIFY names its process. The knowledge is
/// the three small sample sources; the engines use the hashing embedder.
/// </summary>
public sealed class TwoBotProcesses : IAsyncLifetime
{
    private const string BotId = "MTA4NzY1NDMyMTA5ODc2NTQzMg"; // base64url of 1087654321098765432
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly string _folder = Directory.CreateTempSubdirectory("sourcebot-e2e-").FullName;
    private readonly PostgresTestDatabase _database = new();
    private readonly Dictionary<int, ShardSession> _shards = [];
    private readonly CliRunner _cli = new();

    public FakeDiscord Fake { get; private set; } = null!;
    public BotProcess A { get; private set; } = null!;
    public BotProcess B { get; private set; } = null!;

    /// <summary>The database both processes share, for a test to look at directly.</summary>
    public PostgresTestDatabase Database => _database;

    public string KnowledgePath => Path.Combine(_folder, "knowledge");

    /// <summary>The session of shard <paramref name="id"/> (0: A's, 1: B's).</summary>
    public ShardSession Shard(int id) => _shards[id];

    public async Task InitializeAsync()
    {
        if (PostgresTestDatabase.ServerConnectionString is null) return; // every test here is a [PostgresFact]: skipped
        await _database.InitializeAsync();
        SampleSources.WriteTo(KnowledgePath);
        Fake = await FakeDiscord.StartAsync();
        A = BotProcess.Start("A", BotId + ".GhIjKl.process-A-signature-0123456789", Path.Combine(_folder, "a"), Settings(shardId: 0));
        B = BotProcess.Start("B", BotId + ".GhIjKl.process-B-signature-0123456789", Path.Combine(_folder, "b"), Settings(shardId: 1));

        // Each process loads its engine, then opens one gateway connection; answer each one's handshake as it comes.
        for (int i = 0; i < 2; i++)
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            var next = Fake.Connections.Reader.ReadAsync(timeout.Token).AsTask();
            if (await Task.WhenAny(next, A.Exited, B.Exited) != next || next.IsCanceled)
                throw new InvalidOperationException($"The bots did not both connect (within {StartTimeout}, or one stopped).\nA:\n{A.Log}\nB:\n{B.Log}");
            var connection = await next;
            await connection.SendHelloAsync();
            var identify = await connection.ReceiveAsync();
            var token = identify.GetProperty("d").GetProperty("token").GetString();
            var process = token == A.Token ? A : token == B.Token ? B : throw new InvalidOperationException("An IDENTIFY with an unknown token.");
            var (shard, count) = FakeGatewayConnection.ShardOf(identify);
            Assert.Equal(2, count);
            Assert.Equal(process == A ? 0 : 1, shard); // each process identifies as the one shard it was given
            await connection.SendReadyAsync("s-" + shard, Fake.ResumeUrl);
            _shards.Add(shard, new ShardSession(shard, process, connection));
        }
    }

    private Dictionary<string, string> Settings(int shardId) => new()
    {
        ["SourceBot__Discord__ApiBaseUrl"] = Fake.ApiBase,
        ["SourceBot__Discord__GatewayUrlOverride"] = Fake.GatewayUrl,
        ["SourceBot__Discord__Shards__Count"] = "2",
        ["SourceBot__Discord__Shards__Ids__0"] = shardId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SourceBot__Discord__ModeratorGuildIds__0"] = InteractionPayloads.ModeratingGuild,
        ["SourceBot__Discord__ModeratorRoleIds__0"] = InteractionPayloads.ModeratorRole,
        ["SourceBot__Storage__PostgresConnectionString"] = _database.ConnectionString,
        ["SourceBot__Engine__KnowledgePath"] = KnowledgePath,
        // No timer to fall back on within a test: a publish reaches the other process by LISTEN/NOTIFY or not at all.
        ["SourceBot__Moderation__FollowPublishedInterval"] = "01:00:00",
    };

    /// <summary>The process whose token authorised <paramref name="request"/>.</summary>
    public BotProcess? ProcessOf(RecordedRequest request) =>
        request.Headers.TryGetValue("Authorization", out var auth) ? auth == "Bot " + A.Token ? A : auth == "Bot " + B.Token ? B : null : null;

    /// <summary>Every interaction callback the fake received for interaction <paramref name="id"/>.</summary>
    public IReadOnlyList<RecordedRequest> CallbacksOf(string id) =>
        Fake.Requests.Where(r => r.Method == "POST" && r.Path == InteractionPayloads.CallbackPath(id)).ToList();

    /// <summary>Waits for the edit that puts an answer (an embed) into interaction <paramref name="id"/>'s deferred response.</summary>
    public Task<RecordedRequest> WaitForAnswerAsync(string id, TimeSpan? timeout = null) =>
        Fake.WaitForRequestAsync(r => r.Method == "PATCH" && r.Path == InteractionPayloads.OriginalPath(id) && IsAnswer(r), timeout ?? TimeSpan.FromSeconds(30));

    /// <summary>Waits for the first edit of interaction <paramref name="id"/>'s deferred response, whatever it says.</summary>
    public Task<RecordedRequest> WaitForEditAsync(string id, TimeSpan timeout) =>
        Fake.WaitForRequestAsync(r => r.Method == "PATCH" && r.Path == InteractionPayloads.OriginalPath(id), timeout);

    /// <summary>Whether an edit carries an answer: an embed (apologies and notes are plain text).</summary>
    public static bool IsAnswer(RecordedRequest edit) =>
        edit.Json.TryGetProperty("embeds", out var embeds) && embeds.ValueKind == JsonValueKind.Array && embeds.GetArrayLength() > 0;

    /// <summary>The custom_id of the answer's button whose custom_id starts with <paramref name="prefix"/> ("sb:up:"), or null.</summary>
    public static string? ButtonOf(RecordedRequest answer, string prefix) =>
        answer.Json.GetProperty("components").EnumerateArray()
            .SelectMany(row => row.GetProperty("components").EnumerateArray())
            .Select(b => b.TryGetProperty("custom_id", out var id) ? id.GetString() : null)
            .FirstOrDefault(id => id?.StartsWith(prefix, StringComparison.Ordinal) == true);

    /// <summary>The passage an answer quotes, from its "Read around" button (sb:ra:{passage id}); null when it quotes none.</summary>
    public static string? PassageOf(RecordedRequest answer) => ButtonOf(answer, "sb:ra:")?["sb:ra:".Length..];

    /// <summary>Runs a SourceBot command-line verb against the same database and knowledge as the bots.</summary>
    public Task<CliRunner.Result> RunCliAsync(params string[] args) => _cli.RunAsync(args, environment: new Dictionary<string, string>
    {
        ["SourceBot__Storage__PostgresConnectionString"] = _database.ConnectionString,
        ["SourceBot__Engine__KnowledgePath"] = KnowledgePath,
    });

    public async Task DisposeAsync()
    {
        if (A is not null) await A.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
        if (Fake is not null) await Fake.DisposeAsync();
        await _database.DisposeAsync();
        _cli.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>One shard's gateway connection and the process that identified on it; dispatches carry increasing sequence numbers.</summary>
public sealed class ShardSession(int id, BotProcess process, FakeGatewayConnection connection)
{
    private int _sequence = 1; // READY was 1

    public int Id { get; } = id;
    public BotProcess Process { get; } = process;
    public FakeGatewayConnection Connection { get; } = connection;

    public Task DispatchAsync(string type, object data) => Connection.DispatchAsync(type, Interlocked.Increment(ref _sequence), data);

    public Task InteractAsync(object interaction) => DispatchAsync("INTERACTION_CREATE", interaction);
}
