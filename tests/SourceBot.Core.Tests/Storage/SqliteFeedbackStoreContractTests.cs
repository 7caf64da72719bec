using SourceBot.Core.Feedback;

namespace SourceBot.Core.Tests.Storage;

/// <summary>The feedback store contract on SQLite: every library of a test in one file.</summary>
public sealed class SqliteFeedbackStoreContractTests : FeedbackStoreContract, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sourcebot-feedback-" + Guid.NewGuid().ToString("N"));
    private readonly List<SqliteFeedbackStore> _stores = [];

    protected override IFeedbackStore CreateStore(string libraryId)
    {
        var store = new SqliteFeedbackStore(Path.Combine(_folder, "feedback.db"), libraryId, Time);
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
