using FlowLens.Core.Composition;
using FlowLens.Core.Search;
using FlowLens.Core.Tests.Doubles;
using FlowLens.Core.Workflows;

namespace FlowLens.Core.Tests.Search;

public sealed class IterativeRefinementTests
{
    [Fact]
    public async Task Keeps_the_best_workflow_seen_and_feeds_validation_results_back()
    {
        // Proposals in order, with known rewards: the second is best; later ones are worse or tie below it.
        string[] proposals = ["review", "plan", "simplify", "edge-tests", "review"];
        var rewards = new Dictionary<string, double> { ["review"] = 0.2, ["plan"] = 0.8, ["simplify"] = 0.4, ["edge-tests"] = 0.6 };
        var prompts = new List<string>();
        var model = new ScriptedChatClient(new()
        {
            ["meta-agent"] = (prompt, _) =>
            {
                prompts.Add(prompt);
                return $"{{\"{proposals[prompts.Count - 1]}\":{{\"w\":1}}}}";
            },
        });
        var scorer = new TableScorer(ids => rewards[ids.Single()]);
        var search = new IterativeRefinement(model, Fixtures.Library, ComposerOptions.Default, new RefinementOptions(Rounds: 5), TimeProvider.System);

        var result = await search.SearchAsync(new SearchProblem("validation tasks", scorer), CancellationToken.None);

        Assert.Equal("plan", result.Selection.Single().Id);
        Assert.Equal(0.8, result.ValidationReward);
        Assert.Equal(5, result.History.Count);
        Assert.Equal(5, result.Cost.MetaAgentCalls);
        Assert.True(result.Cost.MetaAgentTokens > 0);
        Assert.Equal(5, result.Cost.WorkflowsScored);
        Assert.DoesNotContain("tried so far", prompts[0], StringComparison.Ordinal);
        Assert.Contains("Test3 failed", prompts[1], StringComparison.Ordinal);
        Assert.Contains("The best so far is plan", prompts[4], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stops_early_when_a_workflow_passes_every_validation_test()
    {
        var model = new ScriptedChatClient(new() { ["meta-agent"] = (_, _) => """{"plan":{"w":1}}""" });
        var search = new IterativeRefinement(model, Fixtures.Library, ComposerOptions.Default, RefinementOptions.Default, TimeProvider.System);

        var result = await search.SearchAsync(new SearchProblem("validation tasks", new TableScorer(_ => 1.0)), CancellationToken.None);

        Assert.Single(result.History);
        Assert.Equal(1, model.TotalCalls);
    }

    [Fact]
    public async Task Runs_candidate_workflows_through_the_executor_on_validation_tasks()
    {
        // A world with known effects: a draft passes 3 of 5 tests, a repair after it passes 4 of 5.
        var world = new KnownEffects();
        var meta = 0;
        var model = new ScriptedChatClient(new()
        {
            ["meta-agent"] = (_, _) => Interlocked.Increment(ref meta) == 1
                ? """{"draft":{"w":1,"n":1,"temperature":0.5}}"""
                : """{"draft":{"w":1,"n":1,"temperature":0.5},"repair":{"w":1,"rounds":1}}""",
            ["draft"] = (_, _) => "```csharp\n{ /*draft*/ return a - b; }\n```",
            ["repair"] = (prompt, _) => prompt.Contains("Test4 failed", StringComparison.Ordinal) ? "```csharp\n{ /*repaired*/ return a + b; }\n```" : "{ }",
        });
        var executor = new WorkflowExecutor(model, "scripted", new StepCache(), TimeProvider.System);
        var scorer = new ValidationScorer(executor, Fixtures.Library, [Fixtures.Target()], world.Evaluator, ExecutionOptions.Default);
        var search = new IterativeRefinement(model, Fixtures.Library, ComposerOptions.Default, new RefinementOptions(Rounds: 3), TimeProvider.System);

        var result = await search.SearchAsync(new SearchProblem("Add", scorer), CancellationToken.None);

        Assert.Equal(0.8, result.ValidationReward, 6);
        Assert.Contains(result.Selection, s => s.Id == "repair");
        Assert.Equal(0.6, result.History[0].Score.Reward, 6);
        Assert.True(result.Cost.WorkerCalls >= 2);
        Assert.True(result.Cost.SandboxRuns >= 2);
        Assert.Equal(3, result.Cost.WorkflowsScored);
        Assert.Contains("Test4 failed", result.History[0].Score.Feedback, StringComparison.Ordinal);
    }
}
