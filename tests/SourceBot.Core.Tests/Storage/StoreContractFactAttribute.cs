using Xunit.Sdk;

namespace SourceBot.Core.Tests.Storage;

/// <summary>
/// A fact of a store contract (an abstract test class that every store of one interface passes). It runs in each concrete
/// subclass; in a subclass marked <see cref="UsesPostgresAttribute"/> it is skipped when no PostgreSQL server is configured.
/// </summary>
[XunitTestCaseDiscoverer("SourceBot.Core.Tests.Storage.StoreContractFactDiscoverer", "SourceBot.Core.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreContractFactAttribute : FactAttribute;
