using System.Net;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Client;

/// <summary>
/// A failed Discord HTTP API call: the HTTP status, Discord's JSON error <c>code</c> and <c>message</c> (see "JSON Error Codes"), and
/// the route template ("POST /channels/{channel_id}/messages"). Never carries the bot token or an interaction token.
/// </summary>
public sealed class DiscordHttpException : Exception
{
    public DiscordHttpException(HttpStatusCode statusCode, int? discordCode, string? discordMessage, string route, string? errors = null, Exception? inner = null)
        : base(Describe(statusCode, discordCode, discordMessage, route), inner)
    {
        StatusCode = statusCode;
        DiscordCode = discordCode;
        DiscordMessage = discordMessage;
        Route = route;
        Errors = errors;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>Discord's JSON error code (e.g. 10062 Unknown interaction, 50013 Missing permissions), when the body had one.</summary>
    public int? DiscordCode { get; }

    public string? DiscordMessage { get; }

    /// <summary>The route template, without ids or tokens.</summary>
    public string Route { get; }

    /// <summary>The <c>errors</c> object of a 400 (field-level validation errors), as JSON.</summary>
    public string? Errors { get; }

    private static string Describe(HttpStatusCode status, int? code, string? message, string route)
    {
        var what = code is null ? message ?? status.ToString() : $"{message} (code {code})";
        return $"Discord answered {(int)status} {status} to {route}: {what}";
    }
}
