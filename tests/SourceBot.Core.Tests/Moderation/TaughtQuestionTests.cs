using SourceBot.Core.Knowledge;
using SourceBot.Core.Moderation;

namespace SourceBot.Core.Tests.Moderation;

/// <summary>Teaching: taught questions are stored in the knowledge folder, part of its hash, listed per passage, and guarded.</summary>
public sealed class TaughtQuestionTests : IDisposable
{
    private readonly TinyKnowledge _kb = new();

    public void Dispose() => _kb.Dispose();

    [Fact]
    public async Task A_taught_question_is_written_to_taught_jsonl_changes_the_knowledge_hash_and_is_listed_per_passage()
    {
        var service = _kb.Service();
        var hashBefore = KnowledgeDirectory.Load(_kb.KnowledgePath).Hash;

        var a = await service.TeachAsync(TinyKnowledge.Alice, "How do bees turn nectar into honey?", "bees#p2", "reader 👎");
        var b = await service.TeachAsync(TinyKnowledge.Bob, "What is the capital of France?", null, null);

        Assert.True(a.Succeeded, a.Message);
        Assert.True(b.Succeeded, b.Message);
        var kb = KnowledgeDirectory.Load(_kb.KnowledgePath);
        Assert.NotEqual(hashBefore, kb.Hash);
        Assert.Equal(["t1", "t2"], kb.TaughtQuestions.Select(t => t.Id));
        Assert.Equal(("bees#p2", "1001", "alice", "reader 👎"), (kb.TaughtQuestions[0].PassageId, kb.TaughtQuestions[0].ById, kb.TaughtQuestions[0].ByName, kb.TaughtQuestions[0].Why));
        Assert.True(kb.TaughtQuestions[1].NotCovered);
        var listed = Assert.Single((await service.ListTaughtAsync("bees#p2")));
        Assert.Equal("How do bees turn nectar into honey?", listed.Taught.Question);
        Assert.False(listed.Published);
        Assert.Equal(2, (await service.ListTaughtAsync()).Length);
        Assert.Equal(TaughtFile.Parse(File.ReadAllText(Path.Combine(_kb.KnowledgePath, TaughtFile.FileName))).ToList(), kb.TaughtQuestions.ToList());
    }

    [Fact]
    public void Knowledge_without_taught_questions_keeps_the_hash_it_always_had()
    {
        var kb = KnowledgeDirectory.Load(_kb.KnowledgePath);

        Assert.Equal(new KnowledgeBase(kb.Sources).Hash, kb.Hash);
        Assert.Empty(kb.TaughtQuestions);
    }

    [Fact]
    public async Task Teaching_a_passage_that_is_gone_or_hidden_is_refused()
    {
        var service = _kb.Service();
        await service.SetHiddenAsync(TinyKnowledge.Alice, "volcanoes#p3", true, null);

        var gone = await service.TeachAsync(TinyKnowledge.Alice, "How are eruptions forecast?", "volcanoes#p9", null);
        var hidden = await service.TeachAsync(TinyKnowledge.Alice, "How are eruptions forecast?", "volcanoes#p3", null);

        Assert.False(gone.Succeeded);
        Assert.Contains("does not exist", gone.Message);
        Assert.False(hidden.Succeeded);
        Assert.Contains("is hidden", hidden.Message);
        Assert.False(File.Exists(Path.Combine(_kb.KnowledgePath, TaughtFile.FileName)));
    }

    [Fact]
    public async Task The_same_question_cannot_be_taught_twice_or_to_two_passages()
    {
        var service = _kb.Service();
        await service.TeachAsync(TinyKnowledge.Alice, "Why do volcanoes explode?", "volcanoes#p2", null);

        var again = await service.TeachAsync(TinyKnowledge.Bob, "why do volcanoes explode", "volcanoes#p2", null);
        var other = await service.TeachAsync(TinyKnowledge.Bob, "Why do volcanoes explode?", "volcanoes#p1", null);

        Assert.StartsWith("Already taught as t1", again.Message);
        Assert.Contains("remove it first (untaught t1)", other.Message);
        Assert.Single((await service.ListTaughtAsync()));
    }

    [Fact]
    public async Task A_per_user_cap_stops_one_account_flooding_taught_questions_but_not_others()
    {
        _kb.Options.MaxPendingTaughtPerUser = 2;
        var service = _kb.Service();

        Assert.True((await service.TeachAsync(TinyKnowledge.Alice, "Who trimmed lamp wicks?", "lighthouses#p1", null)).Succeeded);
        Assert.True((await service.TeachAsync(TinyKnowledge.Alice, "When was the Fresnel lens invented?", "lighthouses#p2", null)).Succeeded);
        var third = await service.TeachAsync(TinyKnowledge.Alice, "How far can the beam be seen?", "lighthouses#p2", null);
        var bob = await service.TeachAsync(TinyKnowledge.Bob, "How far can the beam be seen?", "lighthouses#p2", null);

        Assert.False(third.Succeeded);
        Assert.Contains("limit is 2", third.Message);
        Assert.True(bob.Succeeded, bob.Message);
    }

    [Fact]
    public async Task Untaught_removes_a_taught_question_and_records_it()
    {
        var service = _kb.Service();
        await service.TeachAsync(TinyKnowledge.Alice, "Who trimmed lamp wicks?", "lighthouses#p1", null);

        var removed = await service.RemoveTaughtAsync(TinyKnowledge.Bob, "t1", "wrong passage");
        var missing = await service.RemoveTaughtAsync(TinyKnowledge.Bob, "t7", null);

        Assert.True(removed.Succeeded, removed.Message);
        Assert.Empty((await service.ListTaughtAsync()));
        Assert.Equal(ChangeKind.RemoveTaught, (await service.ListHistoryAsync())[^1].Kind);
        Assert.False(missing.Succeeded);
        Assert.Contains("No taught question t7", missing.Message);
    }

    [Fact]
    public void A_malformed_taught_file_is_a_clear_knowledge_error()
    {
        File.WriteAllText(Path.Combine(_kb.KnowledgePath, TaughtFile.FileName), "{\"id\":\"t1\",\"q\":\"x\",\"by\":\"a\"}\nnot json\n");

        var ex = Assert.Throws<KnowledgeFormatException>(() => KnowledgeDirectory.Load(_kb.KnowledgePath));

        Assert.Contains("line 2", ex.Message);
    }
}
