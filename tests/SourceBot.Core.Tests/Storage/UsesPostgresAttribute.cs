namespace SourceBot.Core.Tests.Storage;

/// <summary>Marks a store contract subclass that runs against PostgreSQL (see <see cref="StoreContractFactAttribute"/>).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class UsesPostgresAttribute : Attribute;
