using SourceBot.Operations;

namespace SourceBot.Tests.Operations;

/// <summary>SourceBot:Operations:Urls is refused at start when Kestrel could not listen on it, naming the address.</summary>
public sealed class OperationsOptionsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9464")]
    [InlineData("http://localhost:9464")]
    [InlineData("http://*:9464")]
    [InlineData("http://+:9464")]
    [InlineData("http://[::1]:9464/")]
    [InlineData("http://127.0.0.1:9464; http://[::1]:9464")]
    public void An_http_address_with_a_host_and_port_is_accepted(string urls)
    {
        Assert.Empty(new OperationsOptions { Urls = urls }.Problems());
    }

    [Fact]
    public void Empty_means_no_endpoint_and_is_accepted()
    {
        var options = new OperationsOptions { Urls = "" };

        Assert.Empty(options.UrlList());
        Assert.Empty(options.Problems());
    }

    [Theory]
    [InlineData("https://127.0.0.1:9464", "certificate")]
    [InlineData("127.0.0.1:9464", "not an http address")]
    [InlineData("ftp://127.0.0.1:9464", "not an http address")]
    [InlineData("http://127.0.0.1:9464/metrics", "has a path")]
    [InlineData("http://:9464", "not an http address")]
    public void A_bad_address_is_refused_with_the_setting_the_address_and_the_reason(string url, string reason)
    {
        var problem = Assert.Single(new OperationsOptions { Urls = "http://127.0.0.1:9464;" + url }.Problems());

        Assert.StartsWith($"SourceBot:Operations:Urls: '{url}' ", problem);
        Assert.Contains(reason, problem);
    }
}
