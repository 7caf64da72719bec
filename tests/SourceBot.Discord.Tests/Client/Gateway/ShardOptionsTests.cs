using Microsoft.Extensions.Configuration;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Client.Gateway;

/// <summary>SourceBot:Discord:Shards: bound from configuration, checked at start with messages naming the key and the fault.</summary>
public sealed class ShardOptionsTests
{
    private static string Failures(Action<DiscordShardOptions> configure) =>
        string.Join("\n", new DiscordOptionsValidator().Validate(null, TestData.Options(o => configure(o.Shards))).Failures ?? []);

    [Fact]
    public void The_example_settings_run_every_shard_of_Discords_recommended_count()
    {
        var example = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryFiles.Root, "appsettings.example.json")).Build();
        var bound = new DiscordOptions();
        example.GetSection(DiscordOptions.SectionName).Bind(bound);
        Assert.Null(bound.Shards.Count);
        Assert.Empty(bound.Shards.Ids);
    }

    [Fact]
    public void Count_and_ids_bind_from_configuration()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SourceBot:Discord:Shards:Count"] = "4",
            ["SourceBot:Discord:Shards:Ids:0"] = "2",
            ["SourceBot:Discord:Shards:Ids:1"] = "3",
        }).Build();
        var bound = new DiscordOptions();
        config.GetSection(DiscordOptions.SectionName).Bind(bound);
        Assert.Equal(4, bound.Shards.Count);
        Assert.Equal([2, 3], bound.Shards.Ids);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    [InlineData(16)]
    public void A_count_of_one_or_more_or_none_is_valid(int? count)
    {
        Assert.Equal("", Failures(s => s.Count = count));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void A_count_below_one_is_refused(int count)
    {
        Assert.Contains($"SourceBot:Discord:Shards:Count is {count}; it must be at least 1", Failures(s => s.Count = count));
    }

    [Fact]
    public void An_id_not_below_the_count_is_refused_naming_the_id_and_the_range()
    {
        Assert.Contains("SourceBot:Discord:Shards:Ids has 2, but Shards:Count is 2: shard ids go from 0 to 1.", Failures(s =>
        {
            s.Count = 2;
            s.Ids = [0, 2];
        }));
    }

    [Fact]
    public void A_negative_id_is_refused()
    {
        Assert.Contains("SourceBot:Discord:Shards:Ids has -1; shard ids start at 0.", Failures(s => s.Ids = [-1]));
    }

    [Fact]
    public void A_repeated_id_is_refused()
    {
        Assert.Contains("SourceBot:Discord:Shards:Ids lists shard 1 more than once.", Failures(s =>
        {
            s.Count = 3;
            s.Ids = [1, 0, 1];
        }));
    }

    [Fact]
    public void Ids_without_a_count_are_valid_until_Discord_says_its_count()
    {
        Assert.Equal("", Failures(s => s.Ids = [5]));
    }
}
