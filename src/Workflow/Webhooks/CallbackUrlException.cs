namespace DeepScan.Workflow.Webhooks;

/// <summary>Why a callback URL was refused.</summary>
public enum CallbackUrlError
{
    Malformed,
    TooLong,
    SchemeNotAllowed,
    UserInfoNotAllowed,
    ForbiddenAddress,
    Unresolvable,
}

/// <summary>A callback URL the service will not call; the message says what to change.</summary>
public sealed class CallbackUrlException(CallbackUrlError error, string message) : Exception(message)
{
    public CallbackUrlError Error { get; } = error;
}
