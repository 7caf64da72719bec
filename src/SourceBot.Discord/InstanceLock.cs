using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SourceBot.Discord;

/// <summary>
/// One session per shard of a bot on a data folder: a second process running the same shard would answer its mentions twice.
/// Held from start to stop as operating-system file locks in the data folder (the feedback database's), which the system drops
/// when the process ends, however it ends, so a crash leaves nothing to clean up:
/// <list type="bullet">
/// <item>a process that runs every shard (<see cref="DiscordShardOptions.Ids"/> empty, the default) holds
/// <c>discord-bot-{bot id}.lock</c> exclusively;</item>
/// <item>a process that runs listed shards holds that file shared, so several such processes may run side by side, and
/// <c>discord-bot-{bot id}-shard-{id}.lock</c> of each of its shards exclusively.</item>
/// </list>
/// So overlapping shard sets are refused and disjoint ones allowed. The lock files stay; each exclusive holder's process id goes
/// in a <c>.pid</c> file beside its lock file (a held lock file may not be readable), so the process refused can name it.
/// </summary>
internal sealed class InstanceLock : IDisposable
{
    private readonly IReadOnlyList<(FileStream Lock, string? PidPath)> _held;
    private int _released;

    private InstanceLock(string path, IReadOnlyList<(FileStream Lock, string? PidPath)> held)
    {
        Path = path;
        _held = held;
    }

    /// <summary>The bot's lock file (held exclusively for every shard, or shared beside the shard lock files).</summary>
    public string Path { get; }

    /// <summary>
    /// Takes the lock for <paramref name="token"/>'s bot in <paramref name="dataFolder"/> (created if missing): for every shard
    /// when <paramref name="shardIds"/> is empty, else for those shards. Throws <see cref="DiscordConfigurationException"/>,
    /// one line naming the shard, the lock file and the other process when known, when another process holds any of it or
    /// it cannot be created; nothing stays held then.
    /// </summary>
    public static InstanceLock Acquire(string dataFolder, string? token, IReadOnlyCollection<int>? shardIds = null)
    {
        var name = "discord-bot-" + BotIdOf(token);
        var botPath = System.IO.Path.Combine(dataFolder, name + ".lock");
        try
        {
            Directory.CreateDirectory(dataFolder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotCreate(botPath, e);
        }

        var held = new List<(FileStream, string?)>();
        try
        {
            if (shardIds is null || shardIds.Count == 0)
            {
                var bot = Open(botPath, exclusive: true) ?? throw new DiscordConfigurationException(
                    $"Another SourceBot is already running with this bot token and data folder ({Holders(dataFolder, name)}; it holds {botPath}). Stop it first: two would answer every mention twice.");
                held.Add((bot, WritePid(dataFolder, name)));
            }
            else
            {
                var bot = Open(botPath, exclusive: false) ?? throw new DiscordConfigurationException(
                    $"Another SourceBot is already running every shard of this bot token on this data folder ({Holders(dataFolder, name)}; it holds {botPath}). Stop it first, or give each process its own SourceBot:Discord:Shards:Ids: two sessions on one shard would answer its mentions twice.");
                held.Add((bot, null));
                foreach (var id in shardIds.Distinct().Order())
                {
                    var shardName = ShardName(name, id);
                    var shardPath = System.IO.Path.Combine(dataFolder, shardName + ".lock");
                    var shard = Open(shardPath, exclusive: true) ?? throw new DiscordConfigurationException(
                        $"Shard {id} of this bot token is already run by another SourceBot on this data folder ({HolderOf(dataFolder, shardName)}; it holds {shardPath}). Give each process its own SourceBot:Discord:Shards:Ids: two sessions on one shard would answer its mentions twice.");
                    held.Add((shard, WritePid(dataFolder, shardName)));
                }
            }
        }
        catch
        {
            Release(held);
            throw;
        }
        return new InstanceLock(botPath, held);
    }

    private static string ShardName(string botName, int shardId) => string.Create(CultureInfo.InvariantCulture, $"{botName}-shard-{shardId}");

    /// <summary>
    /// Opens and locks <paramref name="path"/>: exclusively, or shared with other shared holders (read access with FileShare.Read:
    /// a shared flock on Unix, a compatible share mode on Windows). Null when another process holds it in a conflicting way.
    /// </summary>
    private static FileStream? Open(string path, bool exclusive)
    {
        try
        {
            return exclusive
                ? new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)
                : new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.Read);
        }
        catch (UnauthorizedAccessException e)
        {
            throw CannotCreate(path, e);
        }
        catch (IOException)
        {
            // The file exists and another process (or this one) holds it: the lock is taken.
            return null;
        }
    }

    /// <summary>Writes this process's id beside an exclusively held lock file; only to name it to a process refused.</summary>
    private static string? WritePid(string dataFolder, string name)
    {
        var pidPath = System.IO.Path.Combine(dataFolder, name + ".pid");
        try
        {
            File.WriteAllText(pidPath, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            return pidPath;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the lock holds without it
        }
    }

    private static DiscordConfigurationException CannotCreate(string path, Exception e) =>
        new($"Cannot create the lock file {path} ({e.Message}); SourceBot:Discord:FeedbackDatabasePath must be in a folder SourceBot can write to.");

    /// <summary>The holder named by <paramref name="name"/>'s pid file: "process 123", or "process id unknown".</summary>
    private static string HolderOf(string dataFolder, string name) =>
        RunningPid(System.IO.Path.Combine(dataFolder, name + ".pid")) is { } pid ? string.Create(CultureInfo.InvariantCulture, $"process {pid}") : "process id unknown";

    /// <summary>
    /// Who holds the bot's lock file: the process running every shard, or those running single shards ("process 123 (shard 1),
    /// process 456 (shard 2)"); pid files of processes no longer running (left by a crash) are skipped.
    /// </summary>
    private static string Holders(string dataFolder, string name)
    {
        if (RunningPid(System.IO.Path.Combine(dataFolder, name + ".pid")) is { } all) return string.Create(CultureInfo.InvariantCulture, $"process {all}");
        var prefix = name + "-shard-";
        var shards = new List<(int Shard, int Pid)>();
        try
        {
            foreach (var pidPath in Directory.EnumerateFiles(dataFolder, prefix + "*.pid"))
            {
                var id = System.IO.Path.GetFileNameWithoutExtension(pidPath)[prefix.Length..];
                if (int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var shard) && RunningPid(pidPath) is { } pid) shards.Add((shard, pid));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return shards.Count == 0
            ? "process id unknown"
            : string.Join(", ", shards.OrderBy(s => s.Shard).Select(s => string.Create(CultureInfo.InvariantCulture, $"process {s.Pid} (shard {s.Shard})")));
    }

    /// <summary>The process id a holder wrote, when that process is still running; else null.</summary>
    private static int? RunningPid(string pidPath)
    {
        int pid;
        try
        {
            if (!int.TryParse(File.ReadAllText(pidPath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out pid)) return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (pid == Environment.ProcessId) return pid;
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : pid;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// The bot's user id, which the first part of a token encodes (base64), so the file names the bot; else a short hash.
    /// Never the token itself.
    /// </summary>
    internal static string BotIdOf(string? token)
    {
        var trimmed = token?.Trim() ?? "";
        var first = trimmed.Split('.')[0].Replace('-', '+').Replace('_', '/');
        try
        {
            var id = Encoding.ASCII.GetString(Convert.FromBase64String(first.PadRight(first.Length + (4 - first.Length % 4) % 4, '=')));
            if (id.Length is > 0 and <= 20 && id.All(char.IsAsciiDigit)) return id;
        }
        catch (FormatException)
        {
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(trimmed)))[..16];
    }

    /// <summary>Releases the locks; each pid file goes first, so it never names a process that no longer holds its lock.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0) return;
        Release(_held);
    }

    private static void Release(IEnumerable<(FileStream Lock, string? PidPath)> held)
    {
        foreach (var (file, pidPath) in held.Reverse())
        {
            if (pidPath is not null)
            {
                try
                {
                    File.Delete(pidPath);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
            file.Dispose();
        }
    }
}
