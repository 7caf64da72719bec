using System.Runtime.InteropServices;

namespace SourceBot.Core.Knowledge;

/// <summary>
/// Makes a folder's entries durable. Flushing a file writes its content, but the file's name in its folder (a create,
/// rename or delete) sits in the OS cache until the folder itself is flushed; a power cut before that can lose a file
/// whose content was already on disk. .NET has no call for it (it refuses to open a folder as a file), so on Linux and
/// macOS the folder is opened read-only and fsynced through libc, as fsync(2) describes for making a new entry durable.
/// </summary>
internal static class DirectoryFlush
{
    private const int ReadOnly = 0; // O_RDONLY, 0 on Linux and macOS
    private const int InvalidArgument = 22; // EINVAL, the same number on Linux and macOS

    /// <summary>Flushes the folder's entries to disk; an <see cref="IOException"/> when the folder cannot be opened or flushed.</summary>
    public static void ToDisk(string directory)
    {
        // Windows documents no way to flush a folder's entries (FlushFileBuffers speaks of files and volumes only), so
        // there they are left to the file system.
        if (OperatingSystem.IsWindows()) return;
        int fd = Libc.Open(directory, ReadOnly);
        if (fd < 0) throw Failure("open", directory);
        try
        {
            // EINVAL: the file system cannot sync a folder (some network and FUSE mounts); there is nothing more to do.
            if (Libc.Fsync(fd) != 0 && Marshal.GetLastPInvokeError() != InvalidArgument) throw Failure("fsync", directory);
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }

    private static IOException Failure(string call, string directory) =>
        new($"Cannot flush the folder '{directory}' to disk ({call}: {Marshal.GetLastPInvokeErrorMessage()}).");

    private static class Libc
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        public static extern int Fsync(int fd);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        public static extern int Close(int fd);
    }
}
