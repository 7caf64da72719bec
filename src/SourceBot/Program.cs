using SourceBot.Cli;

namespace SourceBot;

public static class Program
{
    public static Task<int> Main(string[] args) => Commands.Build().Parse(args).InvokeAsync();
}
