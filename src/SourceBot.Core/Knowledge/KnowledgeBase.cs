using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace SourceBot.Core.Knowledge;

/// <summary>An immutable snapshot of all sources. Safe to share across threads.</summary>
public sealed class KnowledgeBase
{
    private readonly Dictionary<string, Passage> _passagesById;
    private readonly Dictionary<string, Source> _sourcesById;

    public KnowledgeBase(IEnumerable<Source> sources, IEnumerable<TaughtQuestion>? taught = null)
    {
        Sources = [.. sources.OrderBy(s => s.Id, StringComparer.Ordinal)];
        _sourcesById = Sources.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _passagesById = new Dictionary<string, Passage>(StringComparer.Ordinal);
        foreach (var s in Sources)
        {
            foreach (var p in s.Passages)
            {
                if (!_passagesById.TryAdd(p.Id, p))
                    throw new KnowledgeFormatException($"Passage id '{p.Id}' appears twice.");
            }
        }
        Passages = [.. Sources.SelectMany(s => s.Passages).Where(p => !p.Hidden)];
        TaughtQuestions = [.. taught ?? []];
        Hash = ComputeHash(Sources, TaughtQuestions);
    }

    /// <summary>Questions moderators taught, in file order. Some may name passages that are now hidden or gone; see <see cref="TaughtFor"/>.</summary>
    public ImmutableArray<TaughtQuestion> TaughtQuestions { get; }

    /// <summary>The taught questions that can be used: "not covered" ones, and those whose passage exists and is visible.</summary>
    public IEnumerable<TaughtQuestion> UsableTaughtQuestions =>
        TaughtQuestions.Where(t => t.PassageId is null || FindPassage(t.PassageId) is { Hidden: false });

    /// <summary>The taught questions of one passage.</summary>
    public IEnumerable<TaughtQuestion> TaughtFor(string passageId) =>
        TaughtQuestions.Where(t => string.Equals(t.PassageId, passageId, StringComparison.Ordinal));

    public ImmutableArray<Source> Sources { get; }

    /// <summary>Visible passages in source order; the set the ranker answers from.</summary>
    public ImmutableArray<Passage> Passages { get; }

    /// <summary>Hex SHA-256 of the canonical knowledge text: the knowledge version models are cached under.</summary>
    public string Hash { get; }

    public Passage? FindPassage(string id) => _passagesById.GetValueOrDefault(id);

    public Source? FindSource(string id) => _sourcesById.GetValueOrDefault(id);

    public Source SourceOf(Passage passage) => _sourcesById[passage.SourceId];

    private static string ComputeHash(IEnumerable<Source> sources, ImmutableArray<TaughtQuestion> taught)
    {
        var sb = new StringBuilder();
        foreach (var s in sources)
        {
            sb.Append(KnowledgeFile.Write(s)).Append('\u0000');
        }
        // Without taught questions the hash is what it always was, so existing caches stay valid.
        if (!taught.IsEmpty) sb.Append("taught\u0000").Append(TaughtFile.Write(taught));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}

public sealed class KnowledgeFormatException(string message) : Exception(message);
