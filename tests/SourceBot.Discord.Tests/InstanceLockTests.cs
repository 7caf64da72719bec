using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests;

/// <summary>
/// One session per shard of a bot on a data folder: a process whose shards overlap a running one's is refused, naming the shard,
/// the lock file and the other process; disjoint shard sets run side by side.
/// </summary>
public sealed class InstanceLockTests : IDisposable
{
    /// <summary>A token for another bot (its first part encodes the user id 99887766554433221).</summary>
    private const string OtherToken = "OTk4ODc3NjY1NTQ0MzMyMjE.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789_-AB";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sb-lock-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void A_second_lock_on_the_same_token_and_folder_is_refused_in_one_line_naming_the_lock_file_and_the_holder()
    {
        using var first = InstanceLock.Acquire(_folder, TestData.Token);

        var error = Assert.Throws<DiscordConfigurationException>(() => InstanceLock.Acquire(_folder, TestData.Token));

        Assert.Contains(first.Path, error.Message);
        Assert.Contains($"(process {Environment.ProcessId};", error.Message);
        Assert.Contains("answer every mention twice", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain(TestData.Token, error.Message);
    }

    [Fact]
    public void The_lock_file_is_named_after_the_bot_user_id_the_token_encodes_never_the_token()
    {
        using var held = InstanceLock.Acquire(_folder, TestData.Token);
        Assert.Equal(Path.Combine(_folder, "discord-bot-1234567890123456789.lock"), held.Path);
        Assert.DoesNotContain(TestData.Token, File.ReadAllText(Path.Combine(_folder, "discord-bot-1234567890123456789.pid")));
    }

    [Fact]
    public void Another_bot_in_the_same_folder_takes_its_own_lock()
    {
        using var first = InstanceLock.Acquire(_folder, TestData.Token);
        using var other = InstanceLock.Acquire(_folder, OtherToken);
        Assert.Equal(Path.Combine(_folder, "discord-bot-99887766554433221.lock"), other.Path);
    }

    [Fact]
    public void A_released_lock_can_be_taken_again_and_its_pid_file_is_gone()
    {
        var first = InstanceLock.Acquire(_folder, TestData.Token);
        first.Dispose();
        Assert.False(File.Exists(Path.Combine(_folder, "discord-bot-1234567890123456789.pid")));

        using var again = InstanceLock.Acquire(_folder, TestData.Token);
        Assert.Equal(first.Path, again.Path);
    }

    [Fact]
    public void Processes_with_disjoint_shard_ids_both_take_their_locks()
    {
        using var first = InstanceLock.Acquire(_folder, TestData.Token, [0, 2]);
        using var second = InstanceLock.Acquire(_folder, TestData.Token, [1, 3]);
        Assert.True(File.Exists(Path.Combine(_folder, "discord-bot-1234567890123456789-shard-3.lock")));
    }

    [Fact]
    public void An_overlapping_shard_id_is_refused_in_one_line_naming_the_shard_its_lock_file_and_the_holder()
    {
        using var first = InstanceLock.Acquire(_folder, TestData.Token, [0, 1]);

        var error = Assert.Throws<DiscordConfigurationException>(() => InstanceLock.Acquire(_folder, TestData.Token, [1, 2]));

        Assert.StartsWith("Shard 1 of this bot token is already run by another SourceBot", error.Message);
        Assert.Contains(Path.Combine(_folder, "discord-bot-1234567890123456789-shard-1.lock"), error.Message);
        Assert.Contains($"(process {Environment.ProcessId};", error.Message);
        Assert.Contains("SourceBot:Discord:Shards:Ids", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_refused_shard_set_keeps_none_of_its_shards()
    {
        using var first = InstanceLock.Acquire(_folder, TestData.Token, [2]);
        Assert.Throws<DiscordConfigurationException>(() => InstanceLock.Acquire(_folder, TestData.Token, [1, 2]));

        using var shard1 = InstanceLock.Acquire(_folder, TestData.Token, [1]); // shard 1 was let go when shard 2 was refused
    }

    [Fact]
    public void A_process_running_every_shard_refuses_one_running_listed_shards_naming_it()
    {
        using var all = InstanceLock.Acquire(_folder, TestData.Token);

        var error = Assert.Throws<DiscordConfigurationException>(() => InstanceLock.Acquire(_folder, TestData.Token, [1]));

        Assert.Contains("already running every shard of this bot token", error.Message);
        Assert.Contains($"(process {Environment.ProcessId};", error.Message);
        Assert.Contains(all.Path, error.Message);
    }

    [Fact]
    public void A_process_running_listed_shards_refuses_one_running_every_shard_naming_the_shards_held()
    {
        using var shard1 = InstanceLock.Acquire(_folder, TestData.Token, [1]);

        var error = Assert.Throws<DiscordConfigurationException>(() => InstanceLock.Acquire(_folder, TestData.Token));

        Assert.Contains($"process {Environment.ProcessId} (shard 1)", error.Message);
    }

    [Fact]
    public void Every_shard_lock_is_released_with_its_pid_file()
    {
        var first = InstanceLock.Acquire(_folder, TestData.Token, [0, 1]);
        first.Dispose();
        Assert.Empty(Directory.GetFiles(_folder, "*.pid"));

        using var all = InstanceLock.Acquire(_folder, TestData.Token);
    }

    [Fact]
    public void A_token_whose_first_part_is_not_an_id_gets_a_hash_in_the_name()
    {
        Assert.Matches("^[0-9a-f]{16}$", InstanceLock.BotIdOf("not-base64!.x.y"));
        Assert.Equal(InstanceLock.BotIdOf("not-base64!.x.y"), InstanceLock.BotIdOf("not-base64!.x.y"));
    }
}
