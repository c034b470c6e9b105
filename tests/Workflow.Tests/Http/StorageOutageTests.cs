using System.Net.Http;
using Azure;
using DeepScan.Workflow.Http;

namespace DeepScan.Workflow.Tests.Http;

/// <summary>Storage failures are told apart (503 or not) and said in one line for the logs.</summary>
public sealed class StorageOutageTests
{
    private const string SdkMessage =
        "Server failed to authenticate the request.\nStatus: 403 (Server failed)\nErrorCode: AuthorizationFailure\n"
        + "Headers:\nServer: Azurite-Blob/3.37.0";

    [Fact]
    public void AnAnsweredRequestIsItsStatusAndErrorCode()
    {
        var refused = new RequestFailedException(403, SdkMessage, "AuthorizationFailure", null);

        Assert.Equal("403 AuthorizationFailure", StorageOutage.Describe(refused));
        Assert.False(StorageOutage.IsCause(refused));
    }

    [Fact]
    public void SpentRetriesAreCountedAndTheLastFailureSaidInOneLine()
    {
        var unreachable = new RequestFailedException(
            0, SdkMessage, null, new HttpRequestException("Connection refused (127.0.0.1:10000)\nmore"));

        var described = StorageOutage.Describe(new AggregateException(unreachable, unreachable, unreachable));

        Assert.Equal("3 attempts failed; the last: Connection refused (127.0.0.1:10000)", described);
        Assert.True(StorageOutage.IsCause(new AggregateException(unreachable)));
    }
}
