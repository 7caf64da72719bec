using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SourceBot.Core.Moderation;
using SourceBot.Discord;
using SourceBot.Hosting;

namespace SourceBot.Tests.Configuration;

/// <summary>Relative data paths are resolved once, by the host, against the same root.</summary>
public sealed class HostPathsTests
{
    [Fact]
    public void The_feedback_database_and_the_question_log_resolve_under_the_same_root()
    {
        var builder = SourceBotHost.CreateBuilder();
        builder.Configuration["SourceBot:Moderation:QuestionLogPath"] = "data/questions.db";
        builder.Configuration["SourceBot:Discord:FeedbackDatabasePath"] = "data/feedback.db";
        builder.Services.AddOptions<DiscordOptions>().Bind(builder.Configuration.GetSection(DiscordOptions.SectionName));
        using var host = builder.Build();

        var questionLog = host.Services.GetRequiredService<IOptions<ModerationOptions>>().Value.QuestionLogPath;
        var feedback = host.Services.GetRequiredService<IOptions<DiscordOptions>>().Value.FeedbackDatabasePath;

        Assert.True(Path.IsPathRooted(feedback), feedback);
        Assert.Equal(Path.GetDirectoryName(questionLog), Path.GetDirectoryName(feedback));
    }
}
