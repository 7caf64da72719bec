using System.Collections.Immutable;
using Microsoft.Extensions.Time.Testing;
using SourceBot.Core.Libraries;
using SourceBot.Core.Storage;

namespace SourceBot.Core.Tests.Storage;

/// <summary>What every <see cref="ILibraryCatalog"/> does. Tests use library and server ids of their own.</summary>
public abstract class LibraryCatalogContract
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));

    protected abstract ILibraryCatalog Catalog { get; }

    private static string NewId() => "l" + Guid.NewGuid().ToString("N")[..20];

    private LibraryInfo Info(string id, string? copiedFrom = null) => new(id, Time.GetUtcNow(), "42", "ann", copiedFrom);

    private static KnowledgeFiles Files(params (string Name, string Text)[] files) =>
        new(files.ToImmutableSortedDictionary(f => f.Name, f => f.Text, StringComparer.Ordinal));

    [StoreContractFact]
    public async Task A_created_library_is_found_listed_and_starts_with_its_draft()
    {
        var id = NewId();
        var draft = Files(("alpha.md", "copied"), ("taught.jsonl", ""));

        Assert.True(await Catalog.TryCreateAsync(Info(id, "default"), draft));

        Assert.Equal(Info(id, "default"), await Catalog.FindAsync(id));
        Assert.Contains(Info(id, "default"), await Catalog.ListAsync());
        var store = Catalog.StoreOf(id);
        Assert.Equal(id, store.LibraryId);
        Assert.True(await store.DraftExistsAsync());
        Assert.Equal(draft.Files, (await store.ReadDraftAsync()).Files);
    }

    [StoreContractFact]
    public async Task An_empty_library_has_an_empty_draft_that_exists()
    {
        var id = NewId();

        await Catalog.TryCreateAsync(Info(id), KnowledgeFiles.Empty);

        Assert.True(await Catalog.StoreOf(id).DraftExistsAsync());
        Assert.Equal(0, (await Catalog.StoreOf(id).ReadDraftAsync()).Count);
    }

    [StoreContractFact]
    public async Task An_id_is_created_once_and_the_first_draft_stays()
    {
        var id = NewId();
        await Catalog.TryCreateAsync(Info(id), Files(("alpha.md", "first")));

        Assert.False(await Catalog.TryCreateAsync(Info(id) with { CreatedByName = "bob" }, Files(("alpha.md", "second"))));

        Assert.Equal("ann", (await Catalog.FindAsync(id))?.CreatedByName);
        Assert.Equal("first", (await Catalog.StoreOf(id).ReadDraftAsync()).Get("alpha.md"));
    }

    [StoreContractFact]
    public async Task The_default_library_is_never_created_or_listed_but_has_a_store()
    {
        Assert.False(await Catalog.TryCreateAsync(Info(LibraryId.Default), KnowledgeFiles.Empty));

        Assert.DoesNotContain(await Catalog.ListAsync(), l => l.Id == LibraryId.Default);
        Assert.Null(await Catalog.FindAsync(LibraryId.Default));
        Assert.Equal(LibraryId.Default, Catalog.StoreOf(LibraryId.Default).LibraryId);
    }

    [StoreContractFact]
    public async Task Libraries_are_listed_oldest_first()
    {
        var ids = new[] { NewId(), NewId(), NewId() };
        foreach (var id in ids)
        {
            await Catalog.TryCreateAsync(Info(id), KnowledgeFiles.Empty);
            Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(ids, (await Catalog.ListAsync()).Select(l => l.Id).Where(ids.Contains));
    }

    [StoreContractFact]
    public async Task A_server_uses_the_library_it_chose_last_and_an_unknown_server_none()
    {
        var server = NewId();
        var (biology, chemistry) = (NewId(), NewId());

        await Catalog.MapServerAsync(server, biology);
        await Catalog.MapServerAsync(server, chemistry);

        Assert.Equal(chemistry, await Catalog.LibraryOfServerAsync(server));
        Assert.Null(await Catalog.LibraryOfServerAsync(NewId()));
    }
}
