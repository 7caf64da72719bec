namespace SourceBot.Discord.Bot;

/// <summary>What the bot knows about itself once connected: its user id (to spot mentions and its own messages) and application id.</summary>
public sealed class BotSession
{
    private volatile string? _userId;
    private volatile string? _applicationId;

    public string? UserId
    {
        get => _userId;
        set => _userId = value;
    }

    public string? ApplicationId
    {
        get => _applicationId;
        set => _applicationId = value;
    }
}
