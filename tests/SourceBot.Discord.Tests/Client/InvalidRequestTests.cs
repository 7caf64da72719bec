using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Client;

/// <summary>The REST client against the fake Discord: invalid requests are counted, and a rejected token stops everything.</summary>
public sealed class InvalidRequestTests : IAsyncLifetime
{
    private FakeDiscord _fake = null!;
    private readonly DiscordBotStatus _status = new();

    public async Task InitializeAsync() => _fake = await FakeDiscord.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private DiscordRestClient Client() =>
        new(TestData.Options(o => o.ApiBaseUrl = _fake.ApiBase), TimeProvider.System, NullLogger.Instance, null, () => 0, _status);

    private static readonly MessagePayload Hello = new() { Content = "hi", AllowedMentions = AllowedMentions.None };

    private static FakeResponse Refused(int status, int code, string message) => new(status, $$"""{"message":"{{message}}","code":{{code}}}""");

    [Fact]
    public async Task A_403_is_counted_as_an_invalid_request_and_not_retried()
    {
        _fake.Responder = r => r.Path == "/channels/5/messages" ? Refused(403, 50013, "Missing Permissions") : null;
        using var client = Client();

        var error = await Assert.ThrowsAsync<DiscordHttpException>(() => client.CreateMessageAsync("5", Hello));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(1, client.InvalidRequests.Count);
        Assert.Single(_fake.Requests);
        Assert.Null(_status.FatalError);
    }

    [Fact]
    public async Task A_429_with_a_shared_scope_is_not_counted()
    {
        int calls = 0;
        _fake.Responder = r => Interlocked.Increment(ref calls) == 1
            ? new FakeResponse(429, """{"message":"The resource is being rate limited.","retry_after":0,"global":false}""",
                new Dictionary<string, string> { ["X-RateLimit-Scope"] = "shared" })
            : null;
        using var client = Client();

        await client.CreateMessageAsync("5", Hello);

        Assert.Equal(2, _fake.Requests.Count);
        Assert.Equal(0, client.InvalidRequests.Count);
    }

    [Fact]
    public async Task A_401_to_the_bot_token_stops_the_bot_with_the_token_message_and_nothing_more_is_sent()
    {
        _fake.Responder = _ => Refused(401, 0, "401: Unauthorized");
        using var client = Client();

        await Assert.ThrowsAsync<DiscordHttpException>(() => client.GetCurrentApplicationAsync());

        var fatal = Assert.IsType<DiscordConfigurationException>(_status.FatalError);
        Assert.Equal(DiscordToken.RejectedMessage("HTTP 401 on GET /oauth2/applications/@me"), fatal.Message);
        Assert.Contains("SourceBot:Discord:Token", fatal.Message);
        Assert.True(_status.Failed.IsCompleted);

        var after = await Assert.ThrowsAsync<DiscordHttpException>(() => client.CreateMessageAsync("5", Hello));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Single(_fake.Requests); // the second call never reached Discord
        Assert.Equal(1, client.InvalidRequests.Count);
    }

    [Fact]
    public async Task A_401_on_an_interaction_webhook_is_about_its_token_and_does_not_stop_the_bot()
    {
        _fake.Responder = r => r.Method == "PATCH" ? Refused(401, 50027, "Invalid Webhook Token") : null;
        using var client = Client();

        await Assert.ThrowsAsync<DiscordHttpException>(() => client.EditOriginalResponseAsync("1000", "expired-token", Hello));
        await client.CreateMessageAsync("5", Hello);

        Assert.Null(_status.FatalError);
        Assert.Equal(1, client.InvalidRequests.Count);
        Assert.Equal(2, _fake.Requests.Count);
    }
}
