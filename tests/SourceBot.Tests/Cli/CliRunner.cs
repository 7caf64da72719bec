using System.Diagnostics;
using SourceBot.Tests.Shared;

namespace SourceBot.Tests.Cli;

/// <summary>
/// Runs the built SourceBot executable as a user would, from a private folder with its own model cache, versions, question
/// log and feedback database (shared by one test class), so a run neither reads nor leaves state in the repository.
/// </summary>
public sealed class CliRunner : IDisposable
{
    public CliRunner()
    {
        CachePath = Path.Combine(Path.GetTempPath(), "sourcebot-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(CachePath);
    }

    /// <summary>The private folder: the working directory of every run, and the home of its cache and data.</summary>
    public string CachePath { get; }

    public static string RepositoryRoot => TestRepository.Root;

    /// <summary>
    /// SourceBot.dll in the SourceBot project's own build output (the same configuration as this test build), not the copy
    /// beside the tests: this project also references ASP.NET Core (for the fake Discord), so its output lacks the
    /// Microsoft.Extensions assemblies that the executable, which runs on the base framework alone, must find beside it.
    /// </summary>
    public static string Executable
    {
        get
        {
            var build = Path.GetRelativePath(Path.Combine(RepositoryRoot, "tests", "SourceBot.Tests"), AppContext.BaseDirectory);
            var dll = Path.Combine(RepositoryRoot, "src", "SourceBot", build, "SourceBot.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("The SourceBot build the tests run was not found; build src/SourceBot first.", dll);
        }
    }

    public sealed record Result(int ExitCode, string Output, string Errors);

    public async Task<Result> RunAsync(IEnumerable<string> args, string? stdin = null, IDictionary<string, string>? environment = null)
    {
        var dll = Executable;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = CachePath,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["SourceBot__Engine__CachePath"] = CachePath;
        foreach (var (k, v) in TestEngines.Environment) start.Environment[k] = v;
        start.Environment["SourceBot__Engine__KnowledgePath"] = Path.Combine(RepositoryRoot, "knowledge");
        start.Environment["SourceBot__Moderation__VersionsPath"] = Path.Combine(CachePath, "data", "versions");
        start.Environment["SourceBot__Moderation__QuestionLogPath"] = Path.Combine(CachePath, "data", "questions.db");
        start.Environment["SourceBot__Discord__FeedbackDatabasePath"] = Path.Combine(CachePath, "data", "feedback.db");
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await errors);
    }

    public void Dispose()
    {
        try { Directory.Delete(CachePath, recursive: true); } catch (IOException) { }
    }
}
