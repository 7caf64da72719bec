using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SourceBot.Discord;

/// <summary>
/// One running bot per token and data folder: a second <c>run</c> would answer every mention twice. Held from start to stop
/// as an exclusive lock on <c>discord-bot-{bot id}.lock</c> in the data folder (the feedback database's); the operating system
/// drops it when the process ends, however it ends, so a crash leaves nothing to clean up. The lock file stays; the holder's
/// process id goes in <c>discord-bot-{bot id}.pid</c> beside it (the lock file itself cannot be read while it is held), so
/// a second instance can name it.
/// </summary>
internal sealed class InstanceLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _pidPath;
    private int _released;

    private InstanceLock(FileStream held, string path, string pidPath)
    {
        _lock = held;
        Path = path;
        _pidPath = pidPath;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>
    /// Takes the lock for <paramref name="token"/>'s bot in <paramref name="dataFolder"/> (created if missing). Throws
    /// <see cref="DiscordConfigurationException"/>, one line naming the lock file and the other process when known, when
    /// another instance holds it or it cannot be created.
    /// </summary>
    public static InstanceLock Acquire(string dataFolder, string? token)
    {
        var name = "discord-bot-" + BotIdOf(token);
        var path = System.IO.Path.Combine(dataFolder, name + ".lock");
        var pidPath = System.IO.Path.Combine(dataFolder, name + ".pid");
        FileStream held;
        try
        {
            Directory.CreateDirectory(dataFolder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotCreate(path, e);
        }
        try
        {
            held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            // The file exists and another process (or this one) has it open: the lock is taken.
            var other = HolderOf(pidPath) is { } pid ? $"process {pid}" : "process id unknown";
            throw new DiscordConfigurationException(
                $"Another SourceBot is already running with this bot token and data folder ({other}; it holds {path}). Stop it first: two would answer every mention twice.");
        }
        catch (UnauthorizedAccessException e)
        {
            throw CannotCreate(path, e);
        }
        try
        {
            File.WriteAllText(pidPath, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only names this process to a second instance; the lock holds without it.
        }
        return new InstanceLock(held, path, pidPath);
    }

    private static DiscordConfigurationException CannotCreate(string path, Exception e) =>
        new($"Cannot create the lock file {path} ({e.Message}); SourceBot:Discord:FeedbackDatabasePath must be in a folder SourceBot can write to.");

    /// <summary>The process id a holder wrote, or null.</summary>
    private static int? HolderOf(string pidPath)
    {
        try
        {
            return int.TryParse(File.ReadAllText(pidPath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
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

    /// <summary>Releases the lock; the pid file goes first, so it never names a process that no longer holds the lock.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0) return;
        try
        {
            File.Delete(_pidPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        _lock.Dispose();
    }
}
