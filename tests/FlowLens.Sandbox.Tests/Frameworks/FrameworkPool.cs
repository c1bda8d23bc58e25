namespace FlowLens.Sandbox.Tests.Frameworks;

/// <summary>
/// A pool for real projects' tests: a job loads the user's framework, assertion and mocking packages afresh, so its
/// first test pays for their JIT; the limits leave room for that on a loaded machine.
/// </summary>
public sealed class FrameworkPool : IDisposable
{
    public SandboxPool Pool { get; } = new(new SandboxOptions(PoolSize: 1, TestTimeout: TimeSpan.FromSeconds(15), RunTimeout: TimeSpan.FromSeconds(120)));

    public void Dispose() => Pool.Dispose();
}
