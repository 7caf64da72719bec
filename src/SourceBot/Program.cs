using System.CommandLine;
using SourceBot.Cli;

namespace SourceBot;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            // Exceptions reach the handler below instead of System.CommandLine's, which prints stack traces.
            return await Commands.Build().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex)
        {
            var (message, exitCode) = CliErrors.Describe(ex);
            await Console.Error.WriteLineAsync(message);
            return exitCode;
        }
    }
}
