using FlowLens.Core.Evaluation;
using FlowLens.Core.Tasks;

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

    /// <summary>Evaluates <paramref name="body"/> as the body of the one task in <paramref name="targetFile"/>, inside the workspace at <paramref name="root"/>.</summary>
    public static Task<EvaluationReport> EvaluateTask(SandboxCandidateEvaluator evaluator, string root, string targetFile, string body)
    {
        var text = File.ReadAllText(targetFile);
        var site = TaskLocator.Find(text).Single();
        var target = new TaskTarget(targetFile, text, site, new TaskTests.Workspace(root));
        return evaluator.EvaluateAsync(new EvaluationRequest(target, body), CancellationToken.None);
    }

    public void Dispose() => Pool.Dispose();
}
