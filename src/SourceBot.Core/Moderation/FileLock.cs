using System.Text;

namespace SourceBot.Core.Moderation;

/// <summary>
/// An exclusive lock across threads and processes: a lock file held open with <see cref="FileShare.None"/> (on Linux and
/// macOS .NET takes an advisory flock, which the OS releases if the process dies, so a crash never leaves a stale lock).
/// Who holds it is written beside it, so the loser can be told.
/// </summary>
public sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _ownerPath;

    private FileLock(FileStream stream, string ownerPath)
    {
        _stream = stream;
        _ownerPath = ownerPath;
    }

    /// <summary>Takes the lock, or returns null with a description of the current holder when someone else has it.</summary>
    public static FileLock? TryAcquire(string path, string holder, DateTimeOffset now, out string? heldBy)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var ownerPath = path + ".owner";
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(ownerPath, $"{holder} since {now.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z", Encoding.UTF8);
            heldBy = null;
            return new FileLock(stream, ownerPath);
        }
        catch (IOException) when (File.Exists(path))
        {
            try
            {
                heldBy = File.Exists(ownerPath) ? File.ReadAllText(ownerPath, Encoding.UTF8).Trim() : "another process";
            }
            catch (IOException)
            {
                heldBy = "another process";
            }
            return null;
        }
    }

    /// <summary>Takes the lock, retrying for up to <paramref name="wait"/>; null when still held by someone else.</summary>
    public static async Task<(FileLock? Lock, string? HeldBy)> AcquireAsync(string path, string holder, TimeProvider time, TimeSpan wait, CancellationToken cancellationToken)
    {
        long deadline = Environment.TickCount64 + (long)wait.TotalMilliseconds;
        while (true)
        {
            var l = TryAcquire(path, holder, time.GetUtcNow(), out var heldBy);
            if (l is not null || Environment.TickCount64 >= deadline) return (l, heldBy);
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        try { File.Delete(_ownerPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        _stream.Dispose();
    }
}
