using FlowLens.Core.Attribution;
using FlowLens.Core.Composition;
using FlowLens.Core.Generation;
using FlowLens.Core.Learning;
using FlowLens.Core.Tests.Doubles;
using FlowLens.Core.Workflows;

namespace FlowLens.Core.Tests.Attribution;

/// <summary>
/// Attribution runs its coalitions a bounded number at a time over one memo: the values are those of one
/// coalition after the other, concurrent coalitions put several model requests in flight, and a step two of them
/// need is asked for once.
/// </summary>
public sealed class ConcurrentAttributionTests
{
    private static readonly string Template = File.ReadAllText(Path.Combine(RepoPaths.Prompts, "meta-agent.md"));

    /// <summary>
    /// plan -> draft (2 samples) -> simplify -> llm-select: one run has at most the draft's 2 requests in flight. The
    /// plan makes the drafts good (4 of 5), simplify turns a planned draft into one that passes all 5 and anything
    /// else into one that does not compile, and llm-select keeps the order it was given. Removing the plan changes
    /// every later prompt; removing simplify gives llm-select other candidates.
    /// </summary>
    private static ScriptedChatClient PlannedChain(TimeSpan delay) => new(new()
    {
        ["meta-agent"] = (_, _) => """{"steps":[{"id":"plan"},{"id":"draft","n":2,"temperature":0.7},{"id":"simplify"},{"id":"llm-select"}]}""",
        ["plan"] = (_, _) => "Add the two numbers.",
        ["draft"] = (prompt, o) => prompt.Contains("Add the two numbers.", StringComparison.Ordinal) ? $"```csharp\n{{ /*planned*/ return a + b; /* {o.Seed} */ }}\n```" : $"```csharp\n{{ /*draft*/ return a - b; /* {o.Seed} */ }}\n```",
        ["simplify"] = (prompt, _) => prompt.Contains("/*planned*/", StringComparison.Ordinal) ? "```csharp\n{ /*simple*/ return a + b; }\n```" : "```csharp\n{ /*confused*/ }\n```",
        ["llm-select"] = (_, _) => "1",
    })
    {
        Delay = delay,
    };

    private static WorkflowEngine Engine(ScriptedChatClient model, int concurrency, string attribution = "shapley", int exactLimit = 6)
    {
        var evaluator = new TableEvaluator { PassingByMarker = new() { ["/*draft*/"] = 2, ["/*planned*/"] = 4, ["/*simple*/"] = 5 } };
        var composer = new MetaAgentComposer(model, Fixtures.Library, Template, PriorStore.InMemory(), ReplayBuffer.InMemory(), ComposerOptions.Default);
        return new WorkflowEngine(
            Fixtures.Library,
            composer,
            model,
            "scripted",
            evaluator,
            PriorStore.InMemory(),
            ReplayBuffer.InMemory(),
            new StepCache(),
            new GeneratorStatus(true, "scripted", "test", "cpu", IsSyntheticModel: false),
            new WorkflowEngineOptions { AttributionMode = attribution, AttributionConcurrency = concurrency, ExactShapleyLimit = exactLimit, ShapleyPermutations = 10 },
            TimeProvider.System);
    }

    [Fact]
    public async Task Coalitions_run_concurrently_against_a_slow_model_without_asking_for_any_step_twice()
    {
        var model = PlannedChain(TimeSpan.FromMilliseconds(150));
        await using var engine = Engine(model, concurrency: 4);

        var run = await engine.GenerateAsync(Fixtures.Target(), null, CancellationToken.None);

        Assert.Equal("plan -> draft x2 -> simplify -> llm-select", string.Join(" -> ", run.Steps.Select(s => s.Label)));
        Assert.Equal(CounterfactualAttribution.ExactShapley, run.Metrics!.AttributionMethod);
        Assert.Equal(15, run.Metrics.AttributionRuns);
        Assert.True(model.PeakInFlight > 2, $"at most {model.PeakInFlight} requests in flight; one run puts 2 in flight");
        var repeated = model.Requests.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => $"{g.Key.Capability} x{g.Count()}").ToList();
        Assert.Empty(repeated);
        // Exactly the distinct steps the coalitions need: one plan, the two samples with and without the plan, simplify
        // of each best draft, and a selection with and without simplify, with and without the plan.
        Assert.Equal(1, model.Calls["plan"]);
        Assert.Equal(4, model.Calls["draft"]);
        Assert.Equal(2, model.Calls["simplify"]);
        Assert.Equal(4, model.Calls["llm-select"]);
    }

    [Fact]
    public async Task One_coalition_at_a_time_keeps_one_runs_requests_in_flight_and_gives_the_same_values()
    {
        var sequential = PlannedChain(TimeSpan.FromMilliseconds(20));
        var concurrent = PlannedChain(TimeSpan.FromMilliseconds(20));
        await using var one = Engine(sequential, concurrency: 1);
        await using var four = Engine(concurrent, concurrency: 4);

        var a = await one.GenerateAsync(Fixtures.Target(), null, CancellationToken.None);
        var b = await four.GenerateAsync(Fixtures.Target(), null, CancellationToken.None);

        Assert.Equal(2, sequential.PeakInFlight);
        Assert.Equal(a.Contributions.Select(c => (c.CapabilityId, c.Delta, c.ScoreWithout)), b.Contributions.Select(c => (c.CapabilityId, c.Delta, c.ScoreWithout)));
        Assert.Equal(sequential.TotalCalls, concurrent.TotalCalls);
        Assert.Equal(1.0, b.Contributions.Sum(c => c.Delta), 6);
        Assert.Equal(0, b.Contributions.Single(c => c.CapabilityId == "llm-select").Delta, 6);
    }

    [Fact]
    public async Task Sampled_values_are_those_the_one_after_the_other_loop_gave()
    {
        // Recorded from the loop that ran one coalition after the other (KnownEffects, 12 orders, seed 0).
        var world = new KnownEffects();
        await using var engine = world.Engine(new WorkflowEngineOptions { AttributionMode = "shapley", ShapleyPermutations = 12, ExactShapleyLimit = 3 });

        var run = await engine.GenerateAsync(Fixtures.Target(), null, CancellationToken.None);

        Assert.Equal(CounterfactualAttribution.SampledShapley, run.Metrics!.AttributionMethod);
        Assert.Equal(14, run.Metrics.AttributionRuns);
        var values = run.Contributions.ToDictionary(c => c.CapabilityId);
        Assert.Equal(0.65, values["draft"].Delta, 6);
        Assert.Equal(0.026112, values["draft"].Uncertainty!.Value, 6);
        Assert.Equal(0.083333, values["run-tests"].Delta, 6);
        Assert.Equal(0.029729, values["run-tests"].Uncertainty!.Value, 6);
        Assert.Equal(0.066667, values["repair"].Delta, 6);
        Assert.Equal(0.028427, values["repair"].Uncertainty!.Value, 6);
        Assert.Equal(0, values["vote"].Delta, 6);
    }
}
