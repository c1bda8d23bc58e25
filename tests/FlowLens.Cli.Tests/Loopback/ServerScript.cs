namespace FlowLens.Cli.Tests.Loopback;

/// <summary>
/// What the scripted OpenAI-compatible server answers, as data: the meta-agent's composition (a request that asks
/// for a JSON schema), each capability step's answer by capability id (read from the step's system message), an
/// answer for any other step, and the fault it plays instead.
/// </summary>
public sealed record ServerScript
{
    public required ScriptedAnswer Composition { get; init; }

    public IReadOnlyDictionary<string, ScriptedAnswer> Steps { get; init; } = new Dictionary<string, ScriptedAnswer>();

    public ScriptedAnswer? OtherSteps { get; init; }

    public ServerFault Fault { get; init; }

    /// <summary>What a request with <c>"n" &gt; 1</c> gets.</summary>
    public SampleCountAnswer SampleCount { get; init; } = SampleCountAnswer.Honoured;

    /// <summary>How long <see cref="ServerFault.Slow"/> waits before answering.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Answers with 500 this many times before answering normally (<see cref="ServerFault.ServerError"/>).</summary>
    public int Failures { get; init; } = 1;
}
