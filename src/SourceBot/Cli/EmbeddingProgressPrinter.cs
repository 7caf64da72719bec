using System.Globalization;
using SourceBot.Core.Embeddings;

namespace SourceBot.Cli;

/// <summary>
/// Shows how a long embedding run goes, with the time left, on standard error (standard output belongs to answers): a line
/// when it starts, then at most one every few seconds, and one when it is done.
/// </summary>
internal sealed class EmbeddingProgressPrinter(TextWriter output, TimeProvider time) : IProgress<EmbeddingProgress>
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    public void Report(EmbeddingProgress value)
    {
        var now = time.GetUtcNow();
        bool first = value.Done == 0, last = value.Done >= value.Total;
        if (!first && !last && now - _last < Every) return;
        _last = now;
        output.WriteLine(Line(value));
    }

    internal static string Line(EmbeddingProgress value)
    {
        var c = CultureInfo.InvariantCulture;
        if (value.Done == 0) return string.Format(c, "Embedding {0:N0} new texts (first build; later builds embed only what changed)…", value.Total);
        if (value.Done >= value.Total) return string.Format(c, "Embedded {0:N0} texts.", value.Total);
        var left = value.EstimatedRemaining is { } t ? t.TotalMinutes >= 1 ? string.Format(c, ", about {0:0} min left", Math.Ceiling(t.TotalMinutes)) : string.Format(c, ", about {0:0} s left", Math.Ceiling(t.TotalSeconds)) : "";
        return string.Format(c, "Embedding: {0:N0} of {1:N0} ({2:P0}){3}", value.Done, value.Total, value.Done / (double)value.Total, left);
    }
}
