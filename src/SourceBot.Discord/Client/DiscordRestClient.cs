using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Client;

/// <summary>
/// <see cref="IDiscordRestClient"/> over <see cref="HttpClient"/>: <c>Authorization: Bot …</c>, <c>User-Agent: DiscordBot (url, version)</c>,
/// per-route buckets and the global limit from Discord's headers, 429s waited out for <c>retry_after</c>, 5xx / timeouts / network
/// errors retried with exponential backoff and jitter, other 4xx thrown at once as <see cref="DiscordHttpException"/>. A retry
/// resends the same body; create message carries a nonce with <c>enforce_nonce</c>, so Discord dedupes its retries (within "the
/// past few minutes") instead of posting twice. Discord documents no such dedupe for interaction callbacks or webhook follow-ups.
/// Invalid requests (401, 403, 429) are counted against Discord's limit (<see cref="InvalidRequests"/>); a 401 to the bot token
/// (not to an interaction's token) stops the bot through <see cref="DiscordBotStatus"/>, and no request is sent after it.
/// </summary>
public sealed class DiscordRestClient : IDiscordRestClient, IDisposable
{
    private const int MaxRateLimitRetries = 5;
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(5);

    private readonly HttpClient _http;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RestRateLimits _limits;
    private readonly Func<double> _random;
    private readonly string _token;
    private readonly DiscordBotStatus? _status;
    private readonly DiscordMetrics? _metrics;
    private volatile bool _tokenRejected;

    public DiscordRestClient(IOptions<DiscordOptions> options, TimeProvider? timeProvider = null, ILogger<DiscordRestClient>? logger = null, DiscordBotStatus? status = null,
        DiscordMetrics? metrics = null)
        : this(options.Value, timeProvider ?? TimeProvider.System, logger ?? (ILogger)NullLogger.Instance, null, null, status, metrics)
    {
    }

    internal DiscordRestClient(DiscordOptions options, TimeProvider time, ILogger logger, HttpMessageHandler? handler, Func<double>? random, DiscordBotStatus? status = null,
        DiscordMetrics? metrics = null)
    {
        _metrics = metrics;
        _options = options;
        _time = time;
        _logger = logger;
        _status = status;
        _random = random ?? Random.Shared.NextDouble;
        _limits = new RestRateLimits(time);
        InvalidRequests = new InvalidRequestCounter(time, logger);
        _token = options.Token?.Trim() ?? "";
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true)
        {
            BaseAddress = new Uri(options.ApiBaseUrl.TrimEnd('/') + "/"),
            Timeout = Timeout.InfiniteTimeSpan, // per-request timeouts below, on the TimeProvider
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bot", _token);
        _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent(options.UserAgentUrl));
    }

    /// <summary>The 401, 403 and 429 responses of the last 10 minutes, counted against Discord's invalid request limit.</summary>
    internal InvalidRequestCounter InvalidRequests { get; }

    /// <summary>"DiscordBot (url, version)" as Discord's reference requires.</summary>
    public static string UserAgent(string url) => $"DiscordBot ({url}, {Version})";

    public static string Version { get; } =
        typeof(DiscordRestClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(DiscordRestClient).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    public async Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync<GatewayBotInfo>(new DiscordRoute(HttpMethod.Get, "/gateway/bot", "gateway/bot", ""), null, cancellationToken).ConfigureAwait(false))!;

    public async Task<DiscordApplication> GetCurrentApplicationAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync<DiscordApplication>(new DiscordRoute(HttpMethod.Get, "/oauth2/applications/@me", "oauth2/applications/@me", ""), null, cancellationToken).ConfigureAwait(false))!;

    public async Task<IReadOnlyList<RegisteredCommand>> BulkOverwriteCommandsAsync(string applicationId, string? guildId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken = default)
    {
        var route = string.IsNullOrEmpty(guildId)
            ? new DiscordRoute(HttpMethod.Put, "/applications/{application_id}/commands", $"applications/{E(applicationId)}/commands", applicationId)
            : new DiscordRoute(HttpMethod.Put, "/applications/{application_id}/guilds/{guild_id}/commands", $"applications/{E(applicationId)}/guilds/{E(guildId)}/commands", guildId);
        return await SendAsync<List<RegisteredCommand>>(route, commands, cancellationToken).ConfigureAwait(false) ?? [];
    }

    /// <summary>
    /// POST /channels/{id}/messages with a <c>nonce</c> and <c>enforce_nonce: true</c> ("Create Message"): the body is serialized
    /// once, so every retry of this call (after a timeout or a 5xx, when the first attempt may have been posted) carries the
    /// same nonce, and Discord returns the message already created instead of posting it twice. A nonce the caller set is kept.
    /// </summary>
    public async Task<DiscordMessage> CreateMessageAsync(string channelId, MessagePayload message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Nonce is { Length: > MaxNonceLength } given)
            throw new ArgumentException($"A message nonce is at most {MaxNonceLength} characters; got {given.Length}.", nameof(message));
        var payload = message with { Nonce = message.Nonce ?? NewNonce(), EnforceNonce = message.EnforceNonce ?? true };
        return (await SendAsync<DiscordMessage>(new DiscordRoute(HttpMethod.Post, "/channels/{channel_id}/messages", $"channels/{E(channelId)}/messages", channelId), payload, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Discord's limit on a create-message nonce.</summary>
    public const int MaxNonceLength = 25;

    /// <summary>A fresh nonce for one logical message: 96 random bits as 24 hex digits.</summary>
    internal static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public Task TriggerTypingAsync(string channelId, CancellationToken cancellationToken = default) =>
        SendAsync<JsonElement?>(new DiscordRoute(HttpMethod.Post, "/channels/{channel_id}/typing", $"channels/{E(channelId)}/typing", channelId), null, cancellationToken);

    /// <summary>Discord's JSON error code 40060, "Interaction has already been acknowledged".</summary>
    private const int InteractionAlreadyAcknowledged = 40060;

    private const string InteractionCallbackTemplate = "/interactions/{interaction_id}/{interaction_token}/callback";

    /// <summary>A callback is retried only when the retry starts within this time of the interaction's creation.</summary>
    internal static readonly TimeSpan CallbackRetryWindow = TimeSpan.FromSeconds(2.5);

    /// <summary>Discord's epoch (2015-01-01T00:00:00Z) in Unix milliseconds: a snowflake's top 42 bits count from it.</summary>
    private const long DiscordEpochMs = 1420070400000;

    /// <summary>When the snowflake was made: (id &gt;&gt; 22) + the Discord epoch, in ms; null when it is not a snowflake.</summary>
    internal static DateTimeOffset? SnowflakeTime(string id) =>
        ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var snowflake)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(snowflake >> 22) + DiscordEpochMs)
            : null;

    public Task CreateInteractionResponseAsync(string interactionId, string interactionToken, InteractionResponse response, CancellationToken cancellationToken = default) =>
        SendAsync<JsonElement?>(new DiscordRoute(HttpMethod.Post, InteractionCallbackTemplate,
            $"interactions/{E(interactionId)}/{E(interactionToken)}/callback", interactionId, IsInteraction: true), response, cancellationToken);

    public async Task<DiscordMessage> EditOriginalResponseAsync(string applicationId, string interactionToken, MessagePayload message, CancellationToken cancellationToken = default) =>
        (await SendAsync<DiscordMessage>(OriginalResponseRoute(HttpMethod.Patch, applicationId, interactionToken), message, cancellationToken).ConfigureAwait(false))!;

    public async Task<DiscordMessage> EditOriginalResponseAsync(string applicationId, string interactionToken, MessagePayload message, IReadOnlyList<FileUpload> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        // "Uploading Files": the JSON body goes in the payload_json part, each file in a files[n] part named in attachments[n].
        var payload = message with { Attachments = [.. files.Select((f, i) => new PartialAttachment { Id = i, Filename = f.FileName })] };
        return (await SendAsync<DiscordMessage>(OriginalResponseRoute(HttpMethod.Patch, applicationId, interactionToken), payload, cancellationToken, files).ConfigureAwait(false))!;
    }

    public Task DeleteOriginalResponseAsync(string applicationId, string interactionToken, CancellationToken cancellationToken = default) =>
        SendAsync<JsonElement?>(OriginalResponseRoute(HttpMethod.Delete, applicationId, interactionToken), null, cancellationToken);

    public async Task<DiscordMessage> CreateFollowupMessageAsync(string applicationId, string interactionToken, MessagePayload message, CancellationToken cancellationToken = default) =>
        (await SendAsync<DiscordMessage>(new DiscordRoute(HttpMethod.Post, "/webhooks/{application_id}/{interaction_token}",
            $"webhooks/{E(applicationId)}/{E(interactionToken)}", applicationId + "/" + interactionToken, IsInteraction: true), message, cancellationToken).ConfigureAwait(false))!;

    /// <summary>…/messages/@original of the interaction's webhook, the placeholder or reply that edits and deletes act on.</summary>
    private static DiscordRoute OriginalResponseRoute(HttpMethod method, string applicationId, string interactionToken) =>
        new(method, "/webhooks/{application_id}/{interaction_token}/messages/@original",
            $"webhooks/{E(applicationId)}/{E(interactionToken)}/messages/@original", applicationId + "/" + interactionToken, IsInteraction: true);

    private static string E(string segment) => Uri.EscapeDataString(segment);

    /// <summary>A new multipart body for each attempt (a sent HttpContent cannot be sent again).</summary>
    private static MultipartFormDataContent Multipart(string json, IReadOnlyList<FileUpload> files)
    {
        var content = new MultipartFormDataContent();
        content.Add(new StringContent(json, Encoding.UTF8, "application/json"), "payload_json");
        for (int i = 0; i < files.Count; i++)
        {
            var file = new ByteArrayContent(files[i].Content);
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(files[i].ContentType);
            content.Add(file, $"files[{i}]", files[i].FileName);
        }
        return content;
    }

    internal async Task<T?> SendAsync<T>(DiscordRoute route, object? body, CancellationToken cancellationToken, IReadOnlyList<FileUpload>? files = null)
    {
        // Once the token is rejected every request would be another 401 against the invalid request limit.
        if (_tokenRejected) throw new DiscordHttpException(HttpStatusCode.Unauthorized, null, "not sent: Discord rejected the bot token", route.ToString());
        var json = body is null ? null : JsonSerializer.Serialize(body, body.GetType(), DiscordJson.Options);
        int failures = 0, rateLimited = 0;
        bool isCallback = route.Template == InteractionCallbackTemplate;
        // A callback has 3 s from the interaction's creation: no retry that would start too late. Its attempts still get the
        // whole request timeout: one in flight after 2 s may yet land, and cutting it short could not make room for a retry.
        var created = isCallback ? SnowflakeTime(route.MajorParameter) ?? _time.GetUtcNow() : default;
        var attemptTimeout = _options.RequestTimeout;
        while (true)
        {
            HttpResponseMessage? response = null;
            Exception? transient = null;
            using (await _limits.EnterAsync(route, cancellationToken).ConfigureAwait(false))
            {
                using var request = new HttpRequestMessage(route.Method, route.Path);
                if (files is { Count: > 0 }) request.Content = Multipart(json ?? "{}", files);
                else if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
                using var timeout = new CancellationTokenSource(attemptTimeout, _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
                try
                {
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
                    _limits.Update(route, response.Headers);
                    InvalidRequests.Record(response.StatusCode, RateLimitScopes.Parse(Header(response, RateLimitScopes.Header)), route);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    transient = new TimeoutException($"Discord did not answer {route} within {attemptTimeout.TotalSeconds:0.#} s.", e);
                }
                catch (HttpRequestException e)
                {
                    transient = e;
                }
            }

            using (response)
            {
                if (response is not null)
                {
                    if (response.StatusCode == HttpStatusCode.TooManyRequests)
                    {
                        var (retryAfter, global, scope, body429) = await ReadRateLimitAsync(response, cancellationToken).ConfigureAwait(false);
                        _limits.OnRateLimited(route, retryAfter, global);
                        _metrics?.RateLimited(RateLimitScopes.Parse(scope), global);
                        _logger.LogWarning("Discord rate limit hit on {Route}: retry after {RetryAfterMs} ms (global: {Global}, scope: {Scope})",
                            route.ToString(), (long)retryAfter.TotalMilliseconds, global, scope ?? "unknown");
                        if (++rateLimited > MaxRateLimitRetries || retryAfter > MaxRetryAfter)
                            throw Error(response.StatusCode, body429, route);
                        if (isCallback) ThrowIfTooLateToRetry(route, created, retryAfter, Error(response.StatusCode, body429, route));
                        continue; // EnterAsync waits for the bucket / global reset
                    }

                    var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        if (typeof(T) == typeof(JsonElement?) || string.IsNullOrWhiteSpace(text) || response.StatusCode == HttpStatusCode.NoContent) return default;
                        return JsonSerializer.Deserialize<T>(text, DiscordJson.Options);
                    }
                    if ((int)response.StatusCode < 500)
                    {
                        var error = Error(response.StatusCode, text, route);
                        // A 401 on an interaction's webhook is about its token (expired), not the bot's.
                        if (response.StatusCode == HttpStatusCode.Unauthorized && !route.IsInteraction) RejectToken(route);
                        // A retried interaction callback told "already acknowledged": the attempt that timed out did reach
                        // Discord, so the callback is done; failing here would make the caller answer a second time.
                        if (isCallback && failures > 0 && error.DiscordCode == InteractionAlreadyAcknowledged)
                        {
                            _logger.LogInformation("Discord had already received the interaction callback that timed out on {Route}", route.ToString());
                            return default;
                        }
                        throw error;
                    }
                    transient = Error(response.StatusCode, text, route);
                }
            }

            if (failures >= _options.MaxRetries)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(transient!);
            }
            var delay = Backoff(failures++);
            if (isCallback) ThrowIfTooLateToRetry(route, created, delay, transient);
            _logger.LogWarning("Discord request {Route} failed ({Reason}); retry {Attempt} of {MaxRetries} in {DelayMs} ms",
                route.ToString(), Secrets.Redact(transient?.Message, _token), failures, _options.MaxRetries, (long)delay.TotalMilliseconds);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops every later request and the bot: the token is wrong or was reset, and nothing will work until it is replaced.</summary>
    private void RejectToken(DiscordRoute route)
    {
        _tokenRejected = true;
        _status?.Fail(new DiscordConfigurationException(DiscordToken.RejectedMessage($"HTTP 401 on {route}")));
    }

    /// <summary>
    /// Gives up on an interaction callback whose retry, <paramref name="wait"/> from now, would start later than
    /// <see cref="CallbackRetryWindow"/> after the interaction was created.
    /// </summary>
    private void ThrowIfTooLateToRetry(DiscordRoute route, DateTimeOffset created, TimeSpan wait, Exception? lastFailure)
    {
        var now = _time.GetUtcNow();
        if (now + wait <= created + CallbackRetryWindow) return;
        var error = new InteractionCallbackExpiredException(route.MajorParameter, now - created, lastFailure);
        _logger.LogWarning("{Problem}", Secrets.Redact(error.Message, _token));
        throw error;
    }

    /// <summary>0.5 s, 1 s, 2 s, … up to 30 s, each plus up to half again of random jitter.</summary>
    internal TimeSpan Backoff(int failures)
    {
        var baseDelay = TimeSpan.FromMilliseconds(Math.Min(30_000, 500 * Math.Pow(2, failures)));
        return baseDelay + baseDelay * (0.5 * _random());
    }

    private DiscordHttpException Error(HttpStatusCode status, string? body, DiscordRoute route)
    {
        int? code = null;
        string? message = null, errors = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                var root = doc.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    if (root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var ci)) code = ci;
                    if (root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String) message = m.GetString();
                    if (root.TryGetProperty("errors", out var e)) errors = e.GetRawText();
                }
            }
            catch (JsonException)
            {
                message = body.Length > 200 ? body[..200] : body;
            }
        }
        return new DiscordHttpException(status, code, Secrets.Redact(message, _token), route.ToString(), errors is null ? null : Secrets.Redact(errors, _token));
    }

    private static async Task<(TimeSpan RetryAfter, bool Global, string? Scope, string Body)> ReadRateLimitAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        double seconds = 1;
        bool global = false;
        bool haveBody = false;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("retry_after", out var ra) && ra.TryGetDouble(out var s))
            {
                seconds = s;
                haveBody = true;
            }
            if (doc.RootElement.TryGetProperty("global", out var g) && g.ValueKind == JsonValueKind.True) global = true;
        }
        catch (JsonException)
        {
        }
        if (!haveBody && response.Headers.RetryAfter?.Delta is { } delta) seconds = delta.TotalSeconds;
        else if (!haveBody && double.TryParse(Header(response, "X-RateLimit-Reset-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var after)) seconds = after;
        if (string.Equals(Header(response, "X-RateLimit-Global"), "true", StringComparison.OrdinalIgnoreCase)) global = true;
        var scope = Header(response, RateLimitScopes.Header);
        if (RateLimitScopes.Parse(scope) == RateLimitScope.Global) global = true;
        return (TimeSpan.FromSeconds(Math.Max(0, seconds)), global, scope, body);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    public void Dispose() => _http.Dispose();
}
