using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SourceBot.Operations;

public static class OperationsServiceCollectionExtensions
{
    /// <summary>Binds <see cref="OperationsOptions"/> from "SourceBot:Operations", validated at start.</summary>
    public static IServiceCollection AddSourceBotOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OperationsOptions>().Bind(configuration.GetSection(OperationsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OperationsOptions>, OperationsOptionsValidator>());
        return services;
    }
}
