namespace FlowLens.Cli.Tests.Loopback;

/// <summary>How the scripted server misbehaves; <see cref="None"/> answers every request as scripted.</summary>
public enum ServerFault
{
    None,
    NotFound,
    Html,
    NotJson,
    EmptyChoices,
    NeverAnswer,
    Slow,
    ServerError,
}
