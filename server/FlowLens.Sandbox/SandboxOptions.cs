namespace FlowLens.Sandbox;

/// <summary>Limits the parent enforces on every worker and run.</summary>
/// <param name="PoolSize">Busy workers at most; 0 picks one per core (at least 1).</param>
/// <param name="TestTimeout">Wall clock for one test, one check, or a program's whole Main (enforced in the worker).</param>
/// <param name="RunTimeout">Wall clock for one candidate (enforced by the parent: past it the worker is killed).</param>
/// <param name="HeapHardLimitBytes">The worker's GC heap limit (<c>DOTNET_GCHeapHardLimit</c>): allocation bombs end in OutOfMemoryException.</param>
/// <param name="OutputLimitChars">Console output kept per candidate.</param>
/// <param name="RunsPerWorker">A worker is replaced after this many runs, so compiler caches cannot grow without bound.</param>
/// <param name="Network">Whether to cut the worker off the network.</param>
/// <param name="EngineTimeout">Wall clock for one restore, or one build and test run, of the real engine (<c>dotnet test</c>).</param>
public sealed record SandboxOptions(
    int PoolSize = 0,
    TimeSpan? TestTimeout = null,
    TimeSpan? RunTimeout = null,
    long HeapHardLimitBytes = 768L * 1024 * 1024,
    int OutputLimitChars = 64 * 1024,
    int RunsPerWorker = 1000,
    NetworkIsolation Network = NetworkIsolation.WhenAvailable,
    TimeSpan? EngineTimeout = null)
{
    public static SandboxOptions Default { get; } = new();

    internal TimeSpan EffectiveTestTimeout => TestTimeout ?? TimeSpan.FromSeconds(5);

    internal TimeSpan EffectiveRunTimeout => RunTimeout ?? TimeSpan.FromSeconds(30);

    internal TimeSpan EffectiveEngineTimeout => EngineTimeout ?? TimeSpan.FromMinutes(5);

    internal int EffectivePoolSize => PoolSize > 0 ? PoolSize : Math.Max(1, Environment.ProcessorCount);
}
