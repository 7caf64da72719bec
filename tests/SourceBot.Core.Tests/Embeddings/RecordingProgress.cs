using SourceBot.Core.Embeddings;

namespace SourceBot.Core.Tests.Embeddings;

/// <summary>Keeps every report as it is made, on the reporting thread (unlike <see cref="Progress{T}"/>, which posts them).</summary>
internal sealed class RecordingProgress : IProgress<EmbeddingProgress>
{
    public List<EmbeddingProgress> Reports { get; } = [];

    public void Report(EmbeddingProgress value) => Reports.Add(value);
}
