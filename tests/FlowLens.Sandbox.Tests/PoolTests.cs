using System.Diagnostics;

namespace FlowLens.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class PoolTests
{
    private static readonly SandboxFile Passing = new("ok.cs", "using System.Diagnostics; class P { static void Main() { Debug.Assert(2 * 3 == 6); } }");
    // A goto loop: no loop statement and no call, so the run guard has nothing to check and only a kill stops it.
    private static readonly SandboxFile Looping = new("loop.cs", "using System.Diagnostics; class P { static void Main() { spin: goto spin; Debug.Assert(true); } }");

    [Fact]
    public async Task A_tight_loop_times_out_and_the_next_candidate_runs_on_the_warm_spare()
    {
        using var pool = new SandboxPool(SandboxFixture.Options with { PoolSize = 1, TestTimeout = TimeSpan.FromMilliseconds(500) });
        var runner = new SandboxRunner(pool);
        await runner.RunProgramAsync(Passing, CancellationToken.None);
        var first = pool.WorkerProcessIds.ToList();

        var looped = await runner.RunProgramAsync(Looping, CancellationToken.None);
        await pool.WarmUpAsync(CancellationToken.None);
        var next = Stopwatch.StartNew();
        var after = await runner.RunProgramAsync(Passing, CancellationToken.None);

        Assert.Equal("T", Outcomes.Of(looped));
        Assert.Equal("P", Outcomes.Of(after));
        Assert.True(next.ElapsedMilliseconds < 1000, $"the next result took {next.ElapsedMilliseconds} ms after a kill");
        Assert.True(first.Count(Outcomes.IsAlive) < first.Count, "the worker that looped is still alive");
    }

    [Fact]
    public async Task The_parent_kills_a_worker_that_runs_past_the_run_timeout()
    {
        // The worker's own per-test limit is longer than the run limit, so only the parent can stop it.
        using var pool = new SandboxPool(SandboxFixture.Options with { PoolSize = 1, TestTimeout = TimeSpan.FromSeconds(30), RunTimeout = TimeSpan.FromSeconds(3) });
        var runner = new SandboxRunner(pool);

        var report = await runner.RunProgramAsync(new SandboxFile("loop.cs", "using System.Diagnostics;\nclass P { static void Main() {\nDebug.Assert(true);\nwhile (true) { }\nDebug.Assert(true);\n} }"), CancellationToken.None);

        // Every assert is still listed, as a timeout naming the kill: the total stays the number of the user's tests.
        Assert.Equal(["assert line 3", "assert line 5"], report.Tests.Select(t => t.Name));
        Assert.Equal("TT", Outcomes.Of(report));
        Assert.All(report.Tests, t => Assert.Contains("killed", t.Message, StringComparison.Ordinal));
        Assert.Equal("P", Outcomes.Of(await runner.RunProgramAsync(Passing, CancellationToken.None)));
    }

    [Fact]
    public async Task A_stack_overflow_is_that_candidates_crash_and_the_worker_is_replaced()
    {
        using var pool = new SandboxPool(SandboxFixture.Options with { PoolSize = 1 });
        var runner = new SandboxRunner(pool);

        // A frame larger than the whole stack (runaway recursion is stopped by the run guard instead: GuardTests).
        var report = await runner.RunProgramAsync(new SandboxFile("so.cs", "using System.Diagnostics; class P { static int R(int n) { System.Span<byte> s = stackalloc byte[1 << 26]; s[0] = (byte)n; return s[0]; } static void Main() { Debug.Assert(R(0) == 1); } }"), CancellationToken.None);

        Assert.NotNull(report.Crash);
        Assert.Contains("died", report.Crash, StringComparison.Ordinal);
        Assert.Equal("P", Outcomes.Of(await runner.RunProgramAsync(Passing, CancellationToken.None)));
    }

    [Fact]
    public async Task Cancelling_kills_the_worker_and_throws()
    {
        using var pool = new SandboxPool(SandboxFixture.Options with { PoolSize = 1, TestTimeout = TimeSpan.FromSeconds(30) });
        var runner = new SandboxRunner(pool);
        await runner.RunProgramAsync(Passing, CancellationToken.None);
        var busy = pool.WorkerProcessIds.ToList();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunProgramAsync(Looping, cancel.Token));

        Assert.Equal("P", Outcomes.Of(await runner.RunProgramAsync(Passing, CancellationToken.None)));
        Assert.True(busy.Count(Outcomes.IsAlive) < busy.Count, "the cancelled worker is still alive");
    }

    [Fact]
    public async Task Workers_are_recycled_after_their_run_budget()
    {
        using var pool = new SandboxPool(SandboxFixture.Options with { PoolSize = 1, RunsPerWorker = 2 });
        var runner = new SandboxRunner(pool);
        var seen = new HashSet<int>();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("P", Outcomes.Of(await runner.RunProgramAsync(Passing, CancellationToken.None)));
            seen.UnionWith(pool.WorkerProcessIds);
        }

        Assert.True(seen.Count >= 2, "the first worker should have been replaced after two runs");
    }

    [Fact]
    public async Task Disposing_the_pool_leaves_no_worker_process()
    {
        var pool = new SandboxPool(SandboxFixture.Options);
        var runner = new SandboxRunner(pool);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => runner.RunProgramAsync(Passing, CancellationToken.None)));
        var workers = pool.WorkerProcessIds.ToList();
        Assert.NotEmpty(workers);

        pool.Dispose();

        Assert.DoesNotContain(workers, Outcomes.IsAlive);
        Assert.Empty(pool.WorkerProcessIds);
    }

    [Fact]
    public void The_pool_says_whether_the_network_is_isolated()
    {
        using var pool = new SandboxPool(SandboxFixture.Options with { Network = NetworkIsolation.Off });

        Assert.Equal("no network isolation: turned off", pool.NetworkIsolationDescription);
        using var isolated = new SandboxPool(SandboxFixture.Options);
        Assert.Matches("^(network isolated: unshare -n|no network isolation: .+)$", isolated.NetworkIsolationDescription);
    }
}
