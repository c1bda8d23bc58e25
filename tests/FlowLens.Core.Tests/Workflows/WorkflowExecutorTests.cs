using FlowLens.Core.Tasks;
using FlowLens.Core.Tests.Doubles;
using FlowLens.Core.Workflows;

namespace FlowLens.Core.Tests.Workflows;

public sealed class WorkflowExecutorTests
{
    private static Workflow Stitch(string selection) => WorkflowStitcher.Stitch(WorkflowStitcherTests.Parse(selection), Fixtures.Library);

    [Fact]
    public async Task Budget_skips_model_steps_once_spent_and_says_so()
    {
        var world = new KnownEffects();
        var executor = new WorkflowExecutor(world.Model, "scripted", new StepCache(), TimeProvider.System);

        var result = await executor.ExecuteAsync(
            Stitch("draft:n=3,repair"),
            Fixtures.Target(),
            new EvaluationMemo(world.Evaluator),
            new ExecutionOptions(Budget: new ExecutionBudget(MaxModelCalls: 3)),
            new HashSet<string>(),
            null,
            CancellationToken.None);

        Assert.Equal(3, result.Stats.ModelCalls);
        var repair = result.Traces.Single(t => t.CapabilityId == "repair");
        Assert.True(repair.Skipped);
        Assert.Equal("skipped: budget: 3 model calls used", repair.Outcome);
        Assert.Contains("/*draft*/", result.FinalBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_steps_are_memoised_on_disk_across_executors()
    {
        var dir = Directory.CreateTempSubdirectory("flowlens-steps");
        try
        {
            var world = new KnownEffects();
            var workflow = Stitch("draft:n=2,repair");
            async Task<ExecutionResult> Run() => await new WorkflowExecutor(world.Model, "scripted", new StepCache(dir.FullName), TimeProvider.System)
                .ExecuteAsync(workflow, Fixtures.Target(), new EvaluationMemo(world.Evaluator), ExecutionOptions.Default, new HashSet<string>(), null, CancellationToken.None);

            var first = await Run();
            var callsAfterFirst = world.Model.TotalCalls;
            var second = await Run();

            Assert.Equal(3, callsAfterFirst);
            Assert.Equal(callsAfterFirst, world.Model.TotalCalls); // nothing asked twice
            Assert.Equal(0, second.Stats.ModelCalls);
            Assert.All(second.Traces.Where(t => t.CapabilityId != "run-tests"), t => Assert.True(t.CacheHit, t.StepId));
            Assert.Equal(first.FinalBody, second.FinalBody);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_disabled_producer_passes_through_and_its_consumers_skip()
    {
        var world = new KnownEffects();
        var executor = new WorkflowExecutor(world.Model, "scripted", new StepCache(), TimeProvider.System);

        var result = await executor.ExecuteAsync(
            Stitch("draft,run-tests,repair"),
            Fixtures.Target(),
            new EvaluationMemo(world.Evaluator),
            ExecutionOptions.Default,
            new HashSet<string> { "run-tests" },
            null,
            CancellationToken.None);

        Assert.Equal(
            ["draft: 1 candidate(s)", "run-tests: skipped: removed for attribution", "repair: skipped: no results"],
            result.Traces.Select(t => $"{t.CapabilityId}: {t.Outcome}"));
        Assert.Contains("/*draft*/", result.FinalBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generated_checks_reach_the_sandbox_but_not_the_score()
    {
        var world = new KnownEffects();
        var model = new ScriptedChatClient(new()
        {
            ["edge-tests"] = (_, _) => "Add(0, 0) == 0\nAdd(-1, 1) == 0\nnot a check\nOther(1) == 2",
            ["draft"] = (_, _) => "{ /*draft*/ return a + b; }",
        });
        var executor = new WorkflowExecutor(model, "scripted", new StepCache(), TimeProvider.System);
        var memo = new EvaluationMemo(world.Evaluator);

        var result = await executor.ExecuteAsync(Stitch("edge-tests,draft,run-tests"), Fixtures.Target(), memo, ExecutionOptions.Default, new HashSet<string>(), null, CancellationToken.None);

        Assert.Equal("2 check(s)", result.Traces.Single(t => t.CapabilityId == "edge-tests").Outcome);
        var evaluated = await memo.EvaluateAsync(Fixtures.Target(), result.FinalBody!, [new TaskExample("Add(0, 0)", "0", ExampleOrigin.Generated)], CancellationToken.None);
        Assert.Equal(5, evaluated.Total); // generated checks never count toward the user's total
    }

    [Fact]
    public async Task Vote_never_replaces_a_repair_that_passes_every_test()
    {
        // Three drafts agree with each other and fail two tests; the repair passes all five but is outvoted.
        var model = new ScriptedChatClient(new()
        {
            ["draft"] = (_, o) => $"```csharp\n{{ /*draft*/ return a - b; /* seed {o.Seed} */ }}\n```",
            ["repair"] = (_, _) => "The fix:\n```csharp\npublic static int Add(int a, int b)\n{\n    /*repaired*/ return a + b;\n}\n```",
        });
        var evaluator = new TableEvaluator
        {
            PassingByMarker = new() { ["/*draft*/"] = 3, ["/*repaired*/"] = 5 },
            Behaviour = (marker, _) => marker == "/*draft*/" ? "-1" : "3",
        };
        var executor = new WorkflowExecutor(model, "scripted", new StepCache(), TimeProvider.System);
        var result = await executor.ExecuteAsync(Stitch("draft:n=3,run-tests,repair,vote"), Fixtures.Target(), new EvaluationMemo(evaluator), ExecutionOptions.Default, new HashSet<string>(), null, CancellationToken.None);

        Assert.Equal(["draft", "run-tests", "repair", "vote"], result.Traces.Select(t => t.CapabilityId));
        Assert.Contains("/*draft*/", result.FinalCandidates[0].Body, StringComparison.Ordinal); // the vote's own choice
        Assert.Contains("/*repaired*/", result.FinalBody, StringComparison.Ordinal); // the run's answer
    }
}
