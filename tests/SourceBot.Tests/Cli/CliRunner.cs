using System.Diagnostics;

namespace SourceBot.Tests.Cli;

/// <summary>Runs the built SourceBot executable as a user would, with a private model cache shared by one test class.</summary>
public sealed class CliRunner : IDisposable
{
    public CliRunner()
    {
        CachePath = Path.Combine(Path.GetTempPath(), "sourcebot-cli-tests-" + Guid.NewGuid().ToString("N"));
    }

    public string CachePath { get; }

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SourceBot.sln"))) return dir.FullName;
            }
            throw new InvalidOperationException("Cannot find SourceBot.sln above " + AppContext.BaseDirectory);
        }
    }

    public sealed record Result(int ExitCode, string Output, string Errors);

    public async Task<Result> RunAsync(IEnumerable<string> args, string? stdin = null, IDictionary<string, string>? environment = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "SourceBot.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["SourceBot__Engine__CachePath"] = CachePath;
        start.Environment["SourceBot__Engine__KnowledgePath"] = Path.Combine(RepositoryRoot, "knowledge");
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
