using FlowLens.Core.Composition;

namespace FlowLens.Cli.Bench;

/// <summary>
/// A search mode's one-off search on the validation tasks (or <c>one-pass+learn</c>'s learning pass over them): the
/// chosen workflow, its validation reward (on the visible tests), and its cost.
/// </summary>
internal sealed record SearchRecord(
    string Mode,
    IReadOnlyList<SelectedCapability> Selection,
    string Workflow,
    double ValidationReward,
    int MetaAgentCalls,
    long MetaAgentTokens,
    int WorkerCalls,
    long WorkerTokens,
    int SandboxRuns,
    int WorkflowsScored,
    double Milliseconds,
    double CpuSeconds)
{
    public RunSettings? Settings { get; init; }
}
