namespace FlowLens.Core.Learning;

/// <summary>One past workflow and how well it did, for contrastive exemplars and library mining.</summary>
public sealed record ReplayEntry(string TaskId, TaskKind Kind, string Workflow, IReadOnlyList<string> Capabilities, double Score, DateTimeOffset At);
