namespace FlowLens.Sandbox.Tests;

/// <summary>One pool for every test that runs candidates: worker start-up is paid once.</summary>
public sealed class SandboxFixture : IDisposable
{
    public static SandboxOptions Options { get; } = new(
        PoolSize: 2,
        TestTimeout: TimeSpan.FromSeconds(2),
        RunTimeout: TimeSpan.FromSeconds(20),
        HeapHardLimitBytes: 512L * 1024 * 1024);

    public SandboxPool Pool { get; } = new(Options);

    public SandboxRunner Runner => new(Pool);

    public SandboxCandidateEvaluator Evaluator => new(Pool);

    public void Dispose() => Pool.Dispose();
}
