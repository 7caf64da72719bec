using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Rendering;

/// <summary>Discord's documented message, embed and component limits (characters counted as UTF-16 units, which is never fewer than Discord counts).</summary>
public static class DiscordLimits
{
    public const int Content = 2000;
    public const int EmbedTitle = 256;
    public const int EmbedDescription = 4096;
    public const int FieldName = 256;
    public const int FieldValue = 1024;
    public const int FooterText = 2048;
    public const int AuthorName = 256;
    public const int EmbedTotal = 6000;
    public const int Fields = 25;
    public const int EmbedsPerMessage = 10;
    public const int ButtonsPerRow = 5;
    public const int Rows = 5;
    public const int ButtonLabel = 80;
    public const int CustomId = 100;
    public const int ButtonUrl = 512;
    public const int ModalTitle = 45;
    public const int LabelText = 45;
    public const int TextInputValue = 4000;

    /// <summary>The characters of an embed that count toward the 6,000 total.</summary>
    public static int TotalLength(Embed e) =>
        (e.Title?.Length ?? 0) + (e.Description?.Length ?? 0) + (e.Footer?.Text.Length ?? 0) + (e.Author?.Name.Length ?? 0) +
        (e.Fields?.Sum(f => f.Name.Length + f.Value.Length) ?? 0);

    /// <summary>Every limit the message breaks, as readable strings; empty when it is within all of them.</summary>
    public static IReadOnlyList<string> Violations(MessagePayload m)
    {
        var v = new List<string>();
        if (m.Content is { Length: > Content }) v.Add($"content {m.Content.Length} > {Content}");
        if (m.Embeds is { Count: > EmbedsPerMessage }) v.Add($"{m.Embeds.Count} embeds > {EmbedsPerMessage}");
        int total = 0;
        foreach (var e in m.Embeds ?? [])
        {
            if (e.Title is { Length: > EmbedTitle }) v.Add($"title {e.Title.Length} > {EmbedTitle}");
            if (e.Description is { Length: > EmbedDescription }) v.Add($"description {e.Description.Length} > {EmbedDescription}");
            if (e.Footer?.Text is { Length: > FooterText }) v.Add($"footer {e.Footer.Text.Length} > {FooterText}");
            if (e.Author?.Name is { Length: > AuthorName }) v.Add($"author {e.Author.Name.Length} > {AuthorName}");
            if (e.Fields is { Count: > Fields }) v.Add($"{e.Fields.Count} fields > {Fields}");
            foreach (var f in e.Fields ?? [])
            {
                if (f.Name.Length is 0 or > FieldName) v.Add($"field name {f.Name.Length} not in 1..{FieldName}");
                if (f.Value.Length is 0 or > FieldValue) v.Add($"field value {f.Value.Length} not in 1..{FieldValue}");
            }
            total += TotalLength(e);
        }
        if (total > EmbedTotal) v.Add($"embed total {total} > {EmbedTotal}");
        if (m.Components is { Count: > Rows }) v.Add($"{m.Components.Count} rows > {Rows}");
        foreach (var row in m.Components ?? [])
        {
            if (row.Components.Count is 0 or > ButtonsPerRow) v.Add($"row of {row.Components.Count} buttons not in 1..{ButtonsPerRow}");
            foreach (var b in row.Components)
            {
                if (b.Label is { Length: > ButtonLabel }) v.Add($"button label {b.Label.Length} > {ButtonLabel}");
                if (b.CustomId is { Length: 0 or > CustomId }) v.Add($"custom_id {b.CustomId.Length} not in 1..{CustomId}");
                if (b.Url is { Length: > ButtonUrl }) v.Add($"button url {b.Url.Length} > {ButtonUrl}");
                if ((b.Style == ButtonStyle.Link) != (b.Url is not null) || (b.Style == ButtonStyle.Link) == (b.CustomId is not null))
                    v.Add("a link button needs a url and no custom_id; other buttons need a custom_id and no url");
            }
        }
        if (m.AllowedMentions is not { Parse.Count: 0 }) v.Add("allowed_mentions must be present with parse []");
        return v;
    }
}
