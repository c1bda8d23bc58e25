namespace FlowLens.Core.Learning;

/// <summary>
/// One past workflow and how well it did, for contrastive exemplars and library mining. <see cref="Workflow"/> is the
/// workflow with its parameters (<c>draft(n=3, temperature=0.7) -&gt; run-tests -&gt; repair(rounds=1)</c>).
/// </summary>
public sealed record ReplayEntry(string TaskId, TaskKind Kind, string Workflow, IReadOnlyList<string> Capabilities, double Score, DateTimeOffset At)
{
    /// <summary>The task's text, shown with the workflow when it becomes an exemplar.</summary>
    public string? TaskText { get; init; }
}
