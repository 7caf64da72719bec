using System.Security.Cryptography;

namespace SourceBot.Core.Answers;

/// <summary>The short random keys of <see cref="IRecentAnswerStore"/>: 10 characters of [0-9A-Za-z], about 59 bits.</summary>
internal static class RecentAnswerKeys
{
    public const int Length = 10;
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>Whether <paramref name="key"/> has the shape of a key, so a forged custom_id costs no lookup.</summary>
    public static bool IsWellFormed(string? key) => key is { Length: Length } && key.All(c => char.IsAsciiLetterOrDigit(c));
}
