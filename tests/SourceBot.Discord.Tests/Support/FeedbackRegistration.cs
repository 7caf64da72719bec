using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SourceBot.Core.Feedback;

namespace SourceBot.Discord.Tests.Support;

/// <summary>The feedback store the host registers for the bot (the Discord project keeps no store of its own).</summary>
public static class FeedbackRegistration
{
    public static IServiceCollection AddFeedbackStoreAsTheHostDoes(this IServiceCollection services)
    {
        services.TryAddSingleton<IFeedbackStore>(sp => new SqliteFeedbackStore(
            sp.GetRequiredService<IOptions<DiscordOptions>>().Value.FeedbackDatabasePath, sp.GetService<TimeProvider>()));
        return services;
    }
}
