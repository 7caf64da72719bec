using SourceBot.Core.Moderation;
using SourceBot.Tests.Shared;

namespace SourceBot.Core.Tests.Moderation;

/// <summary>A library cannot grow past its limits: the change is refused, says which limit, and writes nothing.</summary>
public sealed class LibraryLimitsTests : IDisposable
{
    private readonly TinyKnowledge _kb = new();

    private static readonly byte[] Moss = System.Text.Encoding.UTF8.GetBytes("""
        The Secret Life of Moss

        By Ivy Green

        Published 2022-04-04

        Mosses have no roots; they take water and nutrients in through their leaves, which are often a single cell thick.

        Many mosses can dry out completely and revive within hours of rain, a trick that lets them live on bare rock and rooftops.
        """);

    [Fact]
    public async Task A_source_beyond_the_source_limit_is_refused()
    {
        _kb.Options.Limits.MaxSources = 3; // the tiny knowledge has three
        var result = await _kb.Service().AddSourceAsync(TinyKnowledge.Alice, "moss.txt", Moss, null, null);

        Assert.False(result.Succeeded);
        Assert.Equal(KbOutcome.Refused, result.Outcome);
        Assert.Contains("the limit is 3", result.Message);
        Assert.Equal(3, Directory.GetFiles(_kb.KnowledgePath, "*.md").Length);
    }

    [Fact]
    public async Task A_source_that_would_pass_the_byte_limit_is_refused()
    {
        _kb.Options.Limits.MaxBytes = 1_000;
        var result = await _kb.Service().AddSourceAsync(TinyKnowledge.Alice, "moss.txt", Moss, null, null);

        Assert.False(result.Succeeded);
        Assert.Contains("bytes (the limit is 1,000)", result.Message);
    }

    [Fact]
    public async Task Taught_questions_beyond_the_librarys_pending_limit_are_refused_whoever_teaches()
    {
        _kb.Options.Limits.MaxPendingTaught = 1;
        var service = _kb.Service();
        var first = await service.TeachAsync(TinyKnowledge.Alice, "How much honey can bees store?", "bees#p2", null);
        var second = await service.TeachAsync(TinyKnowledge.Bob, "Who invented the Fresnel lens?", null, null);

        Assert.True(first.Succeeded, first.Message);
        Assert.False(second.Succeeded);
        Assert.Contains("this library already has 1 taught questions waiting", second.Message);
    }

    public void Dispose() => _kb.Dispose();
}
