namespace SourceBot.Tests.Shared;

/// <summary>The repository the tests were built in (compiled into each test project as a linked file).</summary>
internal static class TestRepository
{
    /// <summary>The folder holding SourceBot.sln, found by walking up from the test's base directory.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SourceBot.sln"))) return dir.FullName;
            }
            throw new InvalidOperationException($"No folder containing SourceBot.sln above '{AppContext.BaseDirectory}'; the tests must run from a build inside the repository.");
        }
    }
}
