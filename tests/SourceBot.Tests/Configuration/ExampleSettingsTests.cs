using System.Reflection;
using Microsoft.Extensions.Configuration;
using SourceBot.Core.Engine;
using SourceBot.Core.Moderation;
using SourceBot.Discord;
using SourceBot.Operations;
using SourceBot.Tests.Cli;

namespace SourceBot.Tests.Configuration;

/// <summary>appsettings.example.json is the settings reference: it must list exactly the settings the code reads.</summary>
public sealed class ExampleSettingsTests
{
    private static readonly (string Section, Type Options)[] Sections =
    [
        (EngineOptions.Section, typeof(EngineOptions)),
        (ModerationOptions.Section, typeof(ModerationOptions)),
        (Core.Storage.StorageOptions.Section, typeof(Core.Storage.StorageOptions)),
        (Core.Engine.EngineCacheOptions.Section, typeof(Core.Engine.EngineCacheOptions)),
        (Core.Engine.TrainingQueueOptions.Section, typeof(Core.Engine.TrainingQueueOptions)),
        (Core.Libraries.LibrariesOptions.Section, typeof(Core.Libraries.LibrariesOptions)),
        (DiscordOptions.SectionName, typeof(DiscordOptions)),
        (OperationsOptions.Section, typeof(OperationsOptions)),
    ];

    [Fact]
    public void The_example_lists_every_setting_the_options_classes_read_and_nothing_else()
    {
        var example = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(CliRunner.RepositoryRoot, "appsettings.example.json"))
            .Build();
        var inExample = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (section, _) in Sections) Collect(example.GetSection(section), inExample);

        var inCode = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (section, type) in Sections) Settings(section, type, inCode);

        Assert.Equal(inCode, inExample, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The example's setting paths; a list's items ("AllowedChannelIds:0") count as the list itself.</summary>
    private static void Collect(IConfigurationSection section, ISet<string> into)
    {
        var children = section.GetChildren().ToList();
        bool isList = children.Count > 0 && children.All(c => int.TryParse(c.Key, out _));
        if (children.Count == 0 || isList)
        {
            into.Add(section.Path);
            return;
        }
        foreach (var child in children) Collect(child, into);
    }

    /// <summary>The settable public properties of an options class, nested options classes followed into.</summary>
    private static void Settings(string path, Type type, ISet<string> into)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = path + ":" + property.Name;
            var t = property.PropertyType;
            bool leaf = t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(TimeSpan) || t == typeof(decimal)
                || Nullable.GetUnderlyingType(t) is not null || t.IsGenericType;
            if (leaf) into.Add(key);
            else Settings(key, t, into);
        }
    }
}
