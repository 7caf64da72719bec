using SourceBot.Core.Tests.Storage.Postgres;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SourceBot.Core.Tests.Storage;

/// <summary>
/// Discovers <see cref="StoreContractFactAttribute"/> facts. A fact's attribute sits on the abstract contract and cannot know
/// which store it runs against, so the skip is decided here, from the concrete test class.
/// </summary>
public sealed class StoreContractFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        bool needsServer = testMethod.TestClass.Class.GetCustomAttributes(typeof(UsesPostgresAttribute)).Any();
        if (needsServer && PostgresTestDatabase.ServerConnectionString is null)
            return [new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, displayOptions, testMethod, PostgresTestDatabase.SkipReason)];
        return [new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod)];
    }
}
