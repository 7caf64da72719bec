using SourceBot.Core.Storage;

namespace SourceBot.Core.Tests.Storage;

/// <summary>The knowledge store contract on folders.</summary>
public sealed class FileKnowledgeStoreContractTests : KnowledgeStoreContract, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sourcebot-knowledge-" + Guid.NewGuid().ToString("N"));

    protected override IKnowledgeStore CreateStore(string libraryId) =>
        new FileKnowledgeStore(libraryId, Path.Combine(_root, libraryId, "knowledge"), Path.Combine(_root, libraryId, "versions"));

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
