namespace FlowLens.Cli.Bench;

/// <summary>
/// One finished (mode, test task). Graded on the HIDDEN tests, once, after the workflow: pass@1 (every hidden test
/// passed) and the hidden pass rate; <see cref="VisiblePassRate"/> is what the workflow itself saw (visible tests and
/// comment examples). Costs are the task's own and include composing and attribution: wall time, meta-agent and
/// worker tokens, model calls, sandbox runs (workflow and attribution; the grading run is counted apart), CPU seconds
/// (this process and the sandbox workers). <see cref="Composer"/> is the composer that actually ran (a fallback says
/// so, and <see cref="FallbackReason"/> says why).
/// </summary>
internal sealed record TaskResult(
    string Mode,
    string Task,
    bool Passed,
    double PassRate,
    double Milliseconds,
    long MetaAgentTokens,
    long WorkerTokens,
    int ModelCalls,
    int SandboxRuns,
    double CpuSeconds,
    string Workflow,
    string? Error)
{
    public RunSettings? Settings { get; init; }

    public string Composer { get; init; } = string.Empty;

    public string? FallbackReason { get; init; }

    /// <summary>The chosen capabilities with their parameters, as one line.</summary>
    public string Selection { get; init; } = string.Empty;

    public double VisiblePassRate { get; init; }

    public int GradingRuns { get; init; }

    public long MetaAgentOutputTokens { get; init; }

    public string AttributionMethod { get; init; } = string.Empty;

    /// <summary>Each capability's contribution to the visible score ("draft +0.50").</summary>
    public IReadOnlyList<string> Attribution { get; init; } = [];

    /// <summary>A hash of the final code, so two runs can be compared without storing it.</summary>
    public string? CodeHash { get; init; }

    public bool IsFallback => FallbackReason is not null;
}
