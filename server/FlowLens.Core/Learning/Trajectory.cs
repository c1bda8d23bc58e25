namespace FlowLens.Core.Learning;

/// <summary>
/// One run as training data for people who train meta-agents (SFT, GRPO): the task, the selection the composer
/// made, the executed trace, the rewards and the attribution.
/// </summary>
public sealed record Trajectory(
    string RunId,
    string TaskId,
    string TaskText,
    string Signature,
    TaskKind Kind,
    string Composer,
    IReadOnlyDictionary<string, double> Weights,
    string Workflow,
    IReadOnlyList<TrajectoryStep> Steps,
    double PassRate,
    RewardBreakdown Reward,
    IReadOnlyDictionary<string, double> Contributions,
    DateTimeOffset At);
