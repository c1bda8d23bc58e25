namespace FlowLens.Cli.Bench;

/// <summary>
/// One finished (mode, test task): pass@1 (every test passed), the test pass rate, wall time, meta-agent and worker
/// tokens, model calls, sandbox runs, CPU seconds (this process and the sandbox workers), the workflow that ran.
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
    string? Error);
