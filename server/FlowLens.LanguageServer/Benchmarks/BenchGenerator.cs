using FlowLens.Core.Evaluation;
using FlowLens.Core.Generation;
using FlowLens.Core.Tasks;

namespace FlowLens.LanguageServer.Benchmarks;

/// <summary>Answers at once with a fixed two-capability result, attributed at once, and reports one progress step.</summary>
internal sealed class BenchGenerator : IWorkflowGenerator
{
    private static readonly GeneratorStatus NoModel = new(false, null, "none", "cpu", true, "benchmark: no model");

    public GeneratorStatus Status => NoModel;

    public Task<StagedRun> StartAsync(TaskTarget target, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new WorkflowProgress(50, "draft"));
        var report = new EvaluationReport(true, [], [], [new TestResult("t", TestOutcome.Passed, null, 1)], [], 1);
        WorkflowRunStep[] steps =
        [
            new("s1", "draft", "draft", null, "{ }", 1, 1, 1, false, null),
            new("s2", "repair", "repair", null, "{ }", 1, 1, 1, false, null),
        ];
        CapabilityContribution[] contributions = [new("draft", 1, 1, 0, null), new("repair", 0, 1, 1, null)];
        var run = new WorkflowRun($"bench-{target.Site.MethodName}", target.Id, steps, "{ }", report, contributions, "flowchart LR", TimeSpan.FromMilliseconds(1), NoModel);
        return Task.FromResult(new StagedRun(run with { Contributions = [] }, ["draft", "repair"], (_, _) => Task.FromResult(run)));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
