using System.Net;
using Microsoft.Extensions.Time.Testing;
using SourceBot.Discord.Client;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Client;

/// <summary>Discord bans an IP address after 10,000 responses of 401, 403 or 429 in 10 minutes; the counter sees it coming.</summary>
public sealed class InvalidRequestCounterTests
{
    private static readonly DiscordRoute Post = new(HttpMethod.Post, "/channels/{channel_id}/messages", "channels/1/messages", "1");
    private readonly FakeTimeProvider _time = new();
    private readonly ListLogger _logs = new();

    private InvalidRequestCounter Counter() => new(_time, _logs.CreateLogger("rest"));

    private string[] Warnings() => _logs.Lines.Where(l => l.StartsWith("Warning:", StringComparison.Ordinal)).ToArray();

    private static void Record(InvalidRequestCounter counter, int times, HttpStatusCode status = HttpStatusCode.Forbidden)
    {
        for (int i = 0; i < times; i++) counter.Record(status, RateLimitScope.Unknown, Post);
    }

    [Fact]
    public void Counts_401_403_and_429_but_not_a_shared_429_or_other_failures()
    {
        var counter = Counter();
        counter.Record(HttpStatusCode.Unauthorized, RateLimitScope.Unknown, Post);
        counter.Record(HttpStatusCode.Forbidden, RateLimitScope.Unknown, Post);
        counter.Record(HttpStatusCode.TooManyRequests, RateLimitScope.User, Post);
        counter.Record(HttpStatusCode.TooManyRequests, RateLimitScope.Shared, Post); // "not counted against you"
        counter.Record(HttpStatusCode.NotFound, RateLimitScope.Unknown, Post);
        counter.Record(HttpStatusCode.BadRequest, RateLimitScope.Unknown, Post);
        counter.Record(HttpStatusCode.InternalServerError, RateLimitScope.Unknown, Post);
        counter.Record(HttpStatusCode.OK, RateLimitScope.Unknown, Post);
        Assert.Equal(3, counter.Count);
    }

    [Fact]
    public void Warns_once_when_half_the_limit_is_reached_and_once_more_at_80_percent()
    {
        var counter = Counter();
        Record(counter, 4_999);
        Assert.Empty(Warnings());

        counter.Record(HttpStatusCode.Forbidden, RateLimitScope.Unknown, Post);
        var half = Assert.Single(Warnings());
        Assert.Contains("5000 invalid requests", half);
        Assert.Contains("50% of the 10000", half);
        Assert.Contains("403 on POST /channels/{channel_id}/messages", half);

        Record(counter, 2_999);
        Assert.Single(Warnings());
        counter.Record(HttpStatusCode.TooManyRequests, RateLimitScope.Global, Post);
        Assert.Equal(2, Warnings().Length);
        Assert.Contains("80% of the 10000", Warnings()[1]);
        Assert.Equal(8_000, counter.Count);
    }

    [Fact]
    public void The_window_slides_over_ten_minutes()
    {
        var counter = Counter();
        Record(counter, 100);
        _time.Advance(TimeSpan.FromMinutes(5));
        Record(counter, 50);
        Assert.Equal(150, counter.Count);

        _time.Advance(TimeSpan.FromMinutes(5)); // the first 100 are now 10 minutes old
        Assert.Equal(50, counter.Count);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, counter.Count);
    }

    [Fact]
    public void After_the_count_falls_back_a_new_rise_warns_again()
    {
        var counter = Counter();
        Record(counter, 5_000);
        Assert.Single(Warnings());
        _time.Advance(InvalidRequestCounter.Window);
        Assert.Equal(0, counter.Count);

        Record(counter, 5_000);
        Assert.Equal(2, Warnings().Length);
    }
}
