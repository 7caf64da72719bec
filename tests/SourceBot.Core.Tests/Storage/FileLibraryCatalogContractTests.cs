using SourceBot.Core.Libraries;

namespace SourceBot.Core.Tests.Storage;

/// <summary>The library catalog contract in the data folder.</summary>
public sealed class FileLibraryCatalogContractTests : LibraryCatalogContract, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sourcebot-catalog-" + Guid.NewGuid().ToString("N"));

    public FileLibraryCatalogContractTests() =>
        Catalog = new FileLibraryCatalog(Path.Combine(_root, "libraries"), Path.Combine(_root, "knowledge"), Path.Combine(_root, "versions"));

    protected override ILibraryCatalog Catalog { get; }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
