namespace SourceBot.Discord.Interactions;

/// <summary>
/// The alias keys one message's custom_ids use for arguments too long for a custom_id (see <see cref="CustomIds.NeedsAlias"/>):
/// registered in <see cref="RecentAnswers"/> by the handler before rendering (<see cref="RecentAnswers.AliasesForAsync"/>), so the
/// renderer only reads them. Immutable.
/// </summary>
public sealed class CustomIdAliases
{
    private readonly IReadOnlyDictionary<string, string> _keys;

    internal CustomIdAliases(IReadOnlyDictionary<string, string> keys) => _keys = keys;

    /// <summary>No aliases: for a message whose arguments all fit a custom_id.</summary>
    public static CustomIdAliases None { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>The alias key registered for <paramref name="argument"/>, if any.</summary>
    public bool TryGetKey(string argument, out string key)
    {
        if (_keys.TryGetValue(argument, out var found))
        {
            key = found;
            return true;
        }
        key = "";
        return false;
    }
}
