using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Tests.Knowledge;

/// <summary>Flushing a folder goes to the operating system (open and fsync through libc), so its failures are real errors.</summary>
public sealed class DirectoryFlushTests
{
    [UnixFact]
    public void Flushing_an_existing_folder_succeeds()
    {
        var folder = Directory.CreateTempSubdirectory("sourcebot-flush-").FullName;
        try
        {
            var error = Record.Exception(() => DirectoryFlush.ToDisk(folder));

            Assert.Null(error);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [UnixFact]
    public void Flushing_a_folder_that_does_not_exist_is_an_IOException_naming_the_folder()
    {
        var missing = Path.Combine(Path.GetTempPath(), "sourcebot-missing-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<IOException>(() => DirectoryFlush.ToDisk(missing));

        Assert.Contains(missing, error.Message);
        Assert.Contains("open", error.Message);
    }

    /// <summary>Folders are flushed on Linux and macOS only; Windows has no folder flush, so these tests do not apply there.</summary>
    private sealed class UnixFactAttribute : FactAttribute
    {
        public UnixFactAttribute()
        {
            if (OperatingSystem.IsWindows()) Skip = "Windows has no folder flush.";
        }
    }
}
