using System.Text;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Moderation;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Moderation;

/// <summary>The /kb add downloader against the fake Discord on loopback standing in for the CDN.</summary>
public sealed class AttachmentDownloaderTests : IAsyncLifetime
{
    private FakeDiscord _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeDiscord.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private AttachmentDownloader Downloader() => new(TestData.Options(o => o.RequestTimeout = TimeSpan.FromSeconds(5)), TimeProvider.System, null, _ => true);

    private DiscordAttachment At(string path) => new() { Id = "a1", Filename = "page.txt", Size = 10, Url = _fake.BaseUrl + path };

    [Fact]
    public async Task Downloads_the_bytes_without_sending_the_bot_token()
    {
        _fake.Responder = r => r.Path == "/attachments/1/page.txt" ? new FakeResponse(200, "Plain text page.\nLine two.") : null;
        using var downloader = Downloader();
        var result = await downloader.DownloadAsync(At("/attachments/1/page.txt"), 1000, default);
        Assert.Null(result.Error);
        Assert.Equal("Plain text page.\nLine two.", Encoding.UTF8.GetString(result.Content!));
        var request = Assert.Single(_fake.Requests);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.StartsWith("DiscordBot (", request.Headers["User-Agent"]);
    }

    [Fact]
    public async Task A_file_over_the_limit_by_content_length_is_refused()
    {
        var body = new string('a', 2000);
        _fake.Responder = _ => new FakeResponse(200, body, new Dictionary<string, string> { ["Content-Length"] = "2000" });
        using var downloader = Downloader();
        var result = await downloader.DownloadAsync(At("/attachments/1/page.txt"), 1000, default);
        Assert.Null(result.Content);
        Assert.Equal("'page.txt' is 2,000 bytes, over the limit of 1,000 bytes; nothing was added.", result.Error);
    }

    [Fact]
    public async Task A_file_over_the_limit_without_content_length_is_refused_while_reading()
    {
        var body = new string('a', 200_000);
        _fake.Responder = _ => new FakeResponse(200, body); // Kestrel sends it chunked: no Content-Length
        using var downloader = Downloader();
        var result = await downloader.DownloadAsync(At("/attachments/1/page.txt"), 100_000, default);
        Assert.Null(result.Content);
        Assert.Equal("'page.txt' is over the limit of 100,000 bytes; nothing was added.", result.Error);
    }

    [Fact]
    public async Task A_missing_file_says_what_the_cdn_answered()
    {
        using var downloader = Downloader();
        var result = await downloader.DownloadAsync(At("/attachments/1/gone.txt"), 1000, default);
        Assert.Null(result.Content);
        Assert.StartsWith("Discord's CDN answered 404", result.Error);
    }

    [Fact]
    public async Task Only_https_urls_on_discords_cdn_are_fetched()
    {
        using var downloader = new AttachmentDownloader(Microsoft.Extensions.Options.Options.Create(TestData.Options()));
        var result = await downloader.DownloadAsync(At("/attachments/1/page.txt"), 1000, default);
        Assert.Equal("'page.txt' is not on Discord's CDN, so it was not downloaded.", result.Error);
        Assert.Empty(_fake.Requests);
    }
}
