using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SourceBot.Tests.Cli;

public sealed class RunCommandTests(CliRunner cli) : IClassFixture<CliRunner>
{
    private const string WellFormedToken = "MTA4NzY1NDMyMTA5ODc2NTQzMg.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB";

    [Fact]
    public async Task Run_without_a_token_prints_one_line_pointing_to_chat_and_exits_non_zero()
    {
        var result = await cli.RunAsync(["run"], environment: new Dictionary<string, string> { ["SOURCEBOT__DISCORD__TOKEN"] = "" });

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("token", line, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("chat", line);
    }

    [Fact]
    public async Task Run_with_a_malformed_token_says_what_is_wrong_without_echoing_it()
    {
        var result = await cli.RunAsync(["run"], environment: new Dictionary<string, string> { ["SOURCEBOT__DISCORD__TOKEN"] = "Bot not-a-real-token-value" });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("starts with \"Bot \"", result.Errors);
        Assert.DoesNotContain("not-a-real-token-value", result.Errors + result.Output);
    }

    [Fact]
    public async Task Run_with_a_token_Discord_rejects_stops_with_a_clear_error_and_never_logs_the_token()
    {
        using var discord = new RejectingDiscord();

        var result = await cli.RunAsync(["run"], environment: new Dictionary<string, string>
        {
            ["SOURCEBOT__DISCORD__TOKEN"] = WellFormedToken,
            ["SOURCEBOT__DISCORD__APIBASEURL"] = discord.BaseUrl,
            ["SOURCEBOT__DISCORD__FEEDBACKDATABASEPATH"] = Path.Combine(cli.CachePath, "feedback.db"),
        });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("rejected the bot token", result.Errors);
        Assert.DoesNotContain(WellFormedToken, result.Errors + result.Output);
        Assert.True(discord.Requests > 0);
    }

    /// <summary>An HTTP server on loopback that answers every request as Discord does for a wrong token.</summary>
    private sealed class RejectingDiscord : IDisposable
    {
        private readonly HttpListener _listener = new();
        private int _requests;

        public RejectingDiscord()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            BaseUrl = $"http://127.0.0.1:{port}/api/v10";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string BaseUrl { get; }

        public int Requests => Volatile.Read(ref _requests);

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                Interlocked.Increment(ref _requests);
                var body = Encoding.UTF8.GetBytes("{\"message\": \"401: Unauthorized\", \"code\": 0}");
                context.Response.StatusCode = 401;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
        }
    }
}
