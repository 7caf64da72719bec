using SourceBot.Discord.Client;

namespace SourceBot.Discord.Bot;

/// <summary>The application commands SourceBot registers with a bulk overwrite at start.</summary>
public static class Commands
{
    public const string Ask = "ask";
    public const string Sources = "sources";
    public const string About = "about";
    public const string AskAboutMessage = "Ask SourceBot";
    public const string QuestionOption = "question";
    public const string EphemeralOption = "ephemeral";
    public const int MaxQuestionLength = 1000;

    public static IReadOnlyList<ApplicationCommand> Definitions(DiscordOptions options)
    {
        bool global = string.IsNullOrWhiteSpace(options.GuildId);
        // Interaction contexts: 0 GUILD, 1 BOT_DM. Integration types: 0 GUILD_INSTALL. Only for global commands.
        IReadOnlyList<int>? contexts = global ? (options.AllowDirectMessages ? [0, 1] : [0]) : null;
        IReadOnlyList<int>? integrationTypes = global ? [0] : null;
        return
        [
            new ApplicationCommand
            {
                Name = Ask,
                Type = ApplicationCommandType.ChatInput,
                Description = "Ask the sources a question; the answer is a verbatim quote with footnotes and a citation.",
                Options =
                [
                    new ApplicationCommandOption { Type = 3, Name = QuestionOption, Description = "Your question", Required = true, MinLength = 2, MaxLength = MaxQuestionLength },
                    new ApplicationCommandOption
                    {
                        Type = 5,
                        Name = EphemeralOption,
                        Description = options.EphemeralByDefault ? "Only you see the answer (default: yes)" : "Only you see the answer (default: no)",
                        Required = false,
                    },
                ],
                Contexts = contexts,
                IntegrationTypes = integrationTypes,
            },
            new ApplicationCommand { Name = Sources, Description = "List the sources SourceBot answers from, with their citations.", Contexts = contexts, IntegrationTypes = integrationTypes },
            new ApplicationCommand { Name = About, Description = "SourceBot's version, knowledge hash and model hash.", Contexts = contexts, IntegrationTypes = integrationTypes },
            new ApplicationCommand { Name = AskAboutMessage, Type = ApplicationCommandType.Message, Contexts = contexts, IntegrationTypes = integrationTypes },
        ];
    }
}
