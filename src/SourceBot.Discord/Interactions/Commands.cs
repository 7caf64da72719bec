using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Interactions;

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

    /// <summary>The moderators' command group and its subcommands.</summary>
    public const string Kb = "kb";
    public const string KbAdd = "add";
    public const string KbEdit = "edit";
    public const string KbHide = "hide";
    public const string KbUnhide = "unhide";
    public const string KbTeach = "teach";
    public const string KbPreview = "preview";
    public const string KbPublish = "publish";
    public const string KbRollback = "rollback";
    public const string KbHistory = "history";
    public const string KbGaps = "gaps";
    public const string FileOption = "file";
    public const string PassageOption = "passage";
    public const string ReasonOption = "reason";
    public const string NotCoveredOption = "not_covered";
    public const string VersionOption = "version";
    public const string DaysOption = "days";

    /// <summary>The moderators' library subcommand group: /kb library create | use | list.</summary>
    public const string KbLibrary = "library";
    public const string LibraryCreate = "create";
    public const string LibraryUse = "use";
    public const string LibraryList = "list";
    public const string IdOption = "id";
    public const string CopyOption = "copy";

    public static IReadOnlyList<ApplicationCommand> Definitions(DiscordOptions options)
    {
        bool global = string.IsNullOrWhiteSpace(options.GuildId);
        // Contexts and integration types are only for global commands.
        IReadOnlyList<InteractionContextType>? contexts = global ? (options.AllowDirectMessages ? [InteractionContextType.Guild, InteractionContextType.BotDm] : [InteractionContextType.Guild]) : null;
        IReadOnlyList<ApplicationIntegrationType>? integrationTypes = global ? [ApplicationIntegrationType.GuildInstall] : null;
        return
        [
            new ApplicationCommand
            {
                Name = Ask,
                Type = ApplicationCommandType.ChatInput,
                Description = "Ask the sources a question; the answer is a verbatim quote with footnotes and a citation.",
                Options =
                [
                    new ApplicationCommandOption { Type = ApplicationCommandOptionType.String, Name = QuestionOption, Description = "Your question", Required = true, MinLength = 2, MaxLength = MaxQuestionLength },
                    new ApplicationCommandOption
                    {
                        Type = ApplicationCommandOptionType.Boolean,
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

    /// <summary>
    /// What one bulk overwrite registers: the commands for <paramref name="GuildId"/>, or the global commands when it is null.
    /// </summary>
    public sealed record Registration(string? GuildId, IReadOnlyList<ApplicationCommand> Commands);

    /// <summary>
    /// The bulk overwrites to make at start: everyone's commands globally (or in <see cref="DiscordOptions.GuildId"/>), and /kb
    /// in each moderating server only, as a guild command, so no other server ever sees it. /kb has the library group
    /// (/kb library create | use | list) when <paramref name="libraries"/>: the host serves a library per server.
    /// </summary>
    public static IReadOnlyList<Registration> Registrations(DiscordOptions options, bool libraries = false)
    {
        var everyone = Definitions(options);
        string? home = string.IsNullOrWhiteSpace(options.GuildId) ? null : options.GuildId.Trim();
        var moderating = options.ModeratingGuilds();
        var plan = new List<Registration>();
        if (home is null) plan.Add(new Registration(null, everyone));
        else plan.Add(new Registration(home, moderating.Contains(home) ? [.. everyone, KbCommand(libraries)] : everyone));
        foreach (var guild in moderating.Where(g => g != home).Order(StringComparer.Ordinal))
            plan.Add(new Registration(guild, [KbCommand(libraries)]));
        return plan;
    }

    /// <summary>
    /// /kb: the moderators' subcommands, registered only in the moderating servers. By default visible to members with Manage
    /// Server (defence in depth; server admins can widen that to the moderator role in Server Settings → Integrations);
    /// SourceBot itself checks the server and the moderator roles on every use.
    /// </summary>
    internal static ApplicationCommand KbCommand(bool libraries = false)
    {
        static ApplicationCommandOption Passage(string what) =>
            new() { Type = ApplicationCommandOptionType.String, Name = PassageOption, Description = what, Required = true, MinLength = 1, MaxLength = 100 };
        static ApplicationCommandOption Reason() =>
            new() { Type = ApplicationCommandOptionType.String, Name = ReasonOption, Description = "Why (kept in the change history)", Required = false, MaxLength = 500 };
        static ApplicationCommandOption Sub(string name, string description, params ApplicationCommandOption[] options) =>
            new() { Type = ApplicationCommandOptionType.SubCommand, Name = name, Description = description, Options = options.Length == 0 ? null : options };
        static ApplicationCommandOption LibraryId(string what) =>
            new() { Type = ApplicationCommandOptionType.String, Name = IdOption, Description = what, Required = true, MinLength = 2, MaxLength = 32 };
        ApplicationCommandOption[] library = libraries
            ? [new ApplicationCommandOption
            {
                Type = ApplicationCommandOptionType.SubCommandGroup,
                Name = KbLibrary,
                Description = "The library this server answers from and /kb changes.",
                Options =
                [
                    Sub(LibraryCreate, "Create a library, empty or as a copy of the default one's draft, and switch this server to it.",
                        LibraryId("The new library's id: lower-case letters, digits and '-', e.g. biology-101"),
                        new ApplicationCommandOption { Type = ApplicationCommandOptionType.Boolean, Name = CopyOption, Description = "Start from a copy of the default library's draft (default: empty)", Required = false }),
                    Sub(LibraryUse, "Switch this server to an existing library.", LibraryId("The library's id (see /kb library list)")),
                    Sub(LibraryList, "List the libraries, marking the one this server uses."),
                ],
            }]
            : [];
        return new ApplicationCommand
        {
            Name = Kb,
            Description = "Moderators: change the knowledge SourceBot answers from.",
            DefaultMemberPermissions = ((ulong)Permissions.ManageGuild).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Options =
            [
                Sub(KbAdd, "Add or re-import a source from a .txt or .md page dump (into the draft).",
                    new ApplicationCommandOption { Type = ApplicationCommandOptionType.Attachment, Name = FileOption, Description = "The page as a .txt or .md file", Required = true }, Reason()),
                Sub(KbEdit, "Edit a passage's text in the draft (opens a form with the current text).", Passage("The passage id, e.g. source#p4")),
                Sub(KbHide, "Hide a passage from answers (in the draft).", Passage("The passage id, e.g. source#p4"), Reason()),
                Sub(KbUnhide, "Show a hidden passage again (in the draft).", Passage("The passage id, e.g. source#p4"), Reason()),
                Sub(KbTeach, "Teach which passage answers a question, or that none does; without a passage, pick from the top 5.",
                    new ApplicationCommandOption { Type = ApplicationCommandOptionType.String, Name = QuestionOption, Description = "The question", Required = true, MinLength = 2, MaxLength = MaxQuestionLength },
                    new ApplicationCommandOption { Type = ApplicationCommandOptionType.String, Name = PassageOption, Description = "The passage id that answers it, e.g. source#p4", Required = false, MaxLength = 100 },
                    new ApplicationCommandOption { Type = ApplicationCommandOptionType.Boolean, Name = NotCoveredOption, Description = "The sources do not cover this question", Required = false },
                    Reason()),
                Sub(KbPreview, "Replay taught and recent questions on the draft and the live version; list the answers that change."),
                Sub(KbPublish, "Train the draft's models, check them and make the draft the live version.", Reason()),
                Sub(KbRollback, "Return to an earlier published version (it becomes the draft and is published again).",
                    new ApplicationCommandOption { Type = ApplicationCommandOptionType.Integer, Name = VersionOption, Description = "The version number, e.g. 2 (see /kb history)", Required = true, MinValue = 1 },
                    Reason()),
                Sub(KbHistory, "The latest changes and publishes, and the live version."),
                Sub(KbGaps, "Questions that got no answer or a 👎, grouped, most asked first.",
                    new ApplicationCommandOption { Type = ApplicationCommandOptionType.Integer, Name = DaysOption, Description = "Only the last N days (default: all)", Required = false, MinValue = 1 }),
                .. library,
            ],
        };
    }
}
