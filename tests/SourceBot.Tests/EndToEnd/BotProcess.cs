using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using SourceBot.Tests.Shared;

namespace SourceBot.Tests.EndToEnd;

/// <summary>
/// One `SourceBot run` child process, as an operator starts it: its settings as environment variables, a data folder of its
/// own, and every line it logs (the console logger writes to standard error) kept so a test can wait for one.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Channel<string> _arrivals = Channel.CreateUnbounded<string>();

    private BotProcess(string name, string token, Process process)
    {
        Name = name;
        Token = token;
        _process = process;
    }

    /// <summary>What the test calls it ("A", "B").</summary>
    public string Name { get; }

    /// <summary>Its bot token: the fake Discord sees it in every request's Authorization header and in the IDENTIFY.</summary>
    public string Token { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Completes when the process ends, however it ends.</summary>
    public Task Exited => _process.WaitForExitAsync();

    /// <summary>Everything it wrote so far, standard output and error interleaved as they arrived.</summary>
    public string Log => string.Join('\n', _lines);

    /// <summary>
    /// Starts `SourceBot run` from the test build with <paramref name="environment"/> on top of the fast engine settings and a
    /// private data folder under <paramref name="folder"/>.
    /// </summary>
    public static BotProcess Start(string name, string token, string folder, IReadOnlyDictionary<string, string> environment)
    {
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(data);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add(Cli.CliRunner.Executable);
        start.ArgumentList.Add("run");
        foreach (var (k, v) in TestEngines.Environment) start.Environment[k] = v;
        start.Environment["SourceBot__Engine__CachePath"] = Path.Combine(folder, "cache");
        start.Environment["SourceBot__Moderation__VersionsPath"] = Path.Combine(data, "versions");
        start.Environment["SourceBot__Moderation__QuestionLogPath"] = Path.Combine(data, "questions.db");
        start.Environment["SourceBot__Libraries__Path"] = Path.Combine(data, "libraries");
        start.Environment["SourceBot__Discord__FeedbackDatabasePath"] = Path.Combine(data, "feedback.db");
        start.Environment["SourceBot__Discord__Token"] = token;
        foreach (var (k, v) in environment) start.Environment[k] = v;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var bot = new BotProcess(name, token, process);
        process.OutputDataReceived += (_, e) => bot.Append(e.Data);
        process.ErrorDataReceived += (_, e) => bot.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bot;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        _lines.Enqueue(line);
        _arrivals.Writer.TryWrite(line);
    }

    /// <summary>Waits for a logged line containing <paramref name="text"/> (lines already logged count).</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var found = _lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (found is not null) return found;
            try
            {
                await _arrivals.Reader.WaitToReadAsync(cts.Token);
                while (_arrivals.Reader.TryRead(out _)) { }
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Bot {Name} logged no line containing \"{text}\" within {timeout}; its log:\n{Log}");
            }
        }
    }

    /// <summary>Ends the process at once with SIGKILL (kill -9): no shutdown code of it runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillAsync();
        _process.Dispose();
    }
}
