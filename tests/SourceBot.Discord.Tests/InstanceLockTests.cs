using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests;

/// <summary>One running bot per token and data folder: a second one is refused, naming the lock file and the other process.</summary>
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
    public void A_token_whose_first_part_is_not_an_id_gets_a_hash_in_the_name()
    {
        Assert.Matches("^[0-9a-f]{16}$", InstanceLock.BotIdOf("not-base64!.x.y"));
        Assert.Equal(InstanceLock.BotIdOf("not-base64!.x.y"), InstanceLock.BotIdOf("not-base64!.x.y"));
    }
}
