using System.Text.Json;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Tests.Client;

/// <summary>Every example payload of Discord's documentation (tests/…/Fixtures) reads into the wire models, fields intact.</summary>
public class DocumentedPayloadTests
{
    internal static JsonElement Fixture(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name))).RootElement.Clone();

    public static TheoryData<string> Interactions => new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "interaction-*.json").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Interactions))]
    public void Each_documented_interaction_deserializes_with_its_id_token_and_type(string name)
    {
        var interaction = DiscordJson.Deserialize<DiscordInteraction>(Fixture(name));
        Assert.NotNull(interaction);
        Assert.Matches("^[0-9]+$", interaction.Id);
        Assert.False(string.IsNullOrEmpty(interaction.Token));
        Assert.Contains(interaction.Type, new[] { InteractionType.ApplicationCommand, InteractionType.MessageComponent, InteractionType.ModalSubmit });
        Assert.NotNull(interaction.Data);
    }

    [Fact]
    public void The_documented_button_click_with_a_numeric_component_id_reads_its_custom_id()
    {
        var data = DiscordJson.Deserialize<DiscordInteraction>(Fixture("interaction-button.json"))!.Data!;
        Assert.Equal("click_me", data.CustomId);
        Assert.Equal(ComponentType.Button, data.ComponentType);
        Assert.Equal("2", data.Id);
    }

    [Fact]
    public void A_checkbox_value_true_in_a_modal_submit_reads_as_text()
    {
        var data = DiscordJson.Deserialize<DiscordInteraction>(Fixture("interaction-modal-checkbox.json"))!.Data!;
        var checkbox = Assert.Single(data.Components!).Component!;
        Assert.Equal("like_checkbox", checkbox.CustomId);
        Assert.Equal("true", checkbox.Value);
    }

    [Fact]
    public void The_documented_text_input_submit_reads_its_value()
    {
        var data = DiscordJson.Deserialize<DiscordInteraction>(Fixture("interaction-modal-text-input.json"))!.Data!;
        var input = data.Components!.Select(c => c.Component ?? c.Components?.FirstOrDefault()).First(c => c?.Type == ComponentType.TextInput)!;
        Assert.False(string.IsNullOrEmpty(input.CustomId));
        Assert.NotNull(input.Value);
    }

    [Fact]
    public void The_documented_slash_command_reads_its_member_roles_permissions_and_option()
    {
        var interaction = DiscordJson.Deserialize<DiscordInteraction>(Fixture("interaction-slash-command.json"))!;
        Assert.Equal("290926798626357999", interaction.GuildId);
        Assert.Equal("2147483647", interaction.Member!.Permissions);
        Assert.Equal(["539082325061836999"], interaction.Member.Roles!);
        Assert.Equal("The Gitrog Monster", Assert.Single(interaction.Data!.Options!).Value!.Value.GetString());
    }

    [Fact]
    public void The_documented_message_command_resolves_its_target_message()
    {
        var interaction = DiscordJson.Deserialize<DiscordInteraction>(Fixture("interaction-message-command.json"))!;
        Assert.Equal(ApplicationCommandType.Message, interaction.Data!.Type);
        Assert.True(interaction.Data.Resolved!.Messages!.ContainsKey(interaction.Data.TargetId!));
    }

    [Fact]
    public void The_documented_message_reads_as_a_message_create()
    {
        var message = DiscordJson.Deserialize<DiscordMessage>(Fixture("message-create.json"))!;
        Assert.Equal("334385199974967042", message.Id);
        Assert.Equal("Supa Hot", message.Content);
        Assert.Equal("53908099506183680", message.Author!.Id);
    }

    [Fact]
    public void The_documented_guild_reads_as_a_guild_create()
    {
        var guild = DiscordJson.Deserialize<GuildCreateEvent>(Fixture("guild-create.json"))!;
        Assert.Matches("^[0-9]+$", guild.Id);
        Assert.NotEqual(true, guild.Unavailable);
        Assert.NotNull(guild.Threads);
    }

    [Fact]
    public void Ready_reads_the_user_session_and_application()
    {
        var ready = DiscordJson.Deserialize<ReadyEvent>(Fixture("ready.json"))!;
        Assert.Equal("80351110224678912", ready.User.Id);
        Assert.Equal("d4f8a0b6c2e7", ready.SessionId);
        Assert.Equal("775799577604522054", ready.Application!.Id);
    }

    [Theory]
    [InlineData("{\"id\":\"1\",\"value\":12.50}", "12.50")]
    [InlineData("{\"id\":\"1\",\"value\":false}", "false")]
    [InlineData("{\"id\":\"1\",\"value\":[\"a\",\"b\"]}", null)]
    [InlineData("{\"id\":\"1\",\"value\":{\"x\":1}}", null)]
    public void A_string_field_takes_numbers_and_booleans_as_text_and_skips_objects_and_arrays(string json, string? expected)
    {
        var component = JsonSerializer.Deserialize<SubmittedComponent>(json, DiscordJson.Options)!;
        Assert.Equal(expected, component.Value);
    }
}
