using System.Net;
using Microsoft.Extensions.Options;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Moderation;

/// <summary>A downloaded attachment, or why not (<see cref="Error"/> is a sentence fit to show a moderator).</summary>
public sealed record AttachmentDownload(byte[]? Content, string? Error)
{
    public static AttachmentDownload Fail(string error) => new(null, error);
}

/// <summary>Downloads an attachment a moderator sent with /kb add.</summary>
public interface IAttachmentDownloader
{
    /// <summary>The attachment's bytes, refusing (without reading further) anything over <paramref name="maxBytes"/>.</summary>
    Task<AttachmentDownload> DownloadAsync(DiscordAttachment attachment, long maxBytes, CancellationToken cancellationToken);
}

/// <summary>
/// Downloads attachments from Discord's CDN with an HttpClient of its own: no bot token is ever sent (CDN URLs are signed), only
/// https URLs on Discord's CDN hosts are fetched, the size is checked from Content-Length and again while reading, and one
/// request is bounded by <see cref="DiscordOptions.RequestTimeout"/>.
/// </summary>
public sealed class AttachmentDownloader : IAttachmentDownloader, IDisposable
{
    private static readonly string[] DiscordCdnHosts = ["cdn.discordapp.com", "media.discordapp.net"];

    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly Func<Uri, bool> _allowed;

    public AttachmentDownloader(IOptions<DiscordOptions> options, TimeProvider? timeProvider = null)
        : this(options.Value, timeProvider ?? TimeProvider.System, null, null)
    {
    }

    /// <summary>For tests: another handler, and which URLs may be fetched (the fake Discord serves plain http on loopback).</summary>
    internal AttachmentDownloader(DiscordOptions options, TimeProvider time, HttpMessageHandler? handler, Func<Uri, bool>? allowed)
    {
        _timeout = options.RequestTimeout;
        _time = time;
        _allowed = allowed ?? (u => u.Scheme == Uri.UriSchemeHttps && DiscordCdnHosts.Contains(u.Host, StringComparer.OrdinalIgnoreCase));
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", DiscordRestClient.UserAgent(options.UserAgentUrl));
    }

    public async Task<AttachmentDownload> DownloadAsync(DiscordAttachment attachment, long maxBytes, CancellationToken cancellationToken)
    {
        var name = attachment.Filename ?? "the file";
        if (!Uri.TryCreate(attachment.Url, UriKind.Absolute, out var url) || !_allowed(url))
            return AttachmentDownload.Fail($"'{name}' is not on Discord's CDN, so it was not downloaded.");
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                return AttachmentDownload.Fail($"Discord's CDN answered {(int)response.StatusCode} {response.ReasonPhrase} for '{name}'; try sending the file again.");
            if (response.Content.Headers.ContentLength is long length && length > maxBytes)
                return AttachmentDownload.Fail(TooLarge(name, length, maxBytes));
            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, linked.Token).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes) return AttachmentDownload.Fail(TooLarge(name, null, maxBytes));
                buffer.Write(chunk, 0, read);
            }
            return new AttachmentDownload(buffer.ToArray(), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return AttachmentDownload.Fail($"Downloading '{name}' took longer than {_timeout.TotalSeconds:0.#} s; try again.");
        }
        catch (HttpRequestException e)
        {
            return AttachmentDownload.Fail($"Downloading '{name}' failed ({(e.StatusCode is HttpStatusCode s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : e.Message)}); try again.");
        }
    }

    internal static string TooLarge(string name, long? size, long maxBytes) =>
        size is long s
            ? $"'{name}' is {s:N0} bytes, over the limit of {maxBytes:N0} bytes; nothing was added."
            : $"'{name}' is over the limit of {maxBytes:N0} bytes; nothing was added.";

    public void Dispose() => _http.Dispose();
}
