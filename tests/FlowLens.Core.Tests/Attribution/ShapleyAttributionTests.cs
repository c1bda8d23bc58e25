using FlowLens.Core.Attribution;
using FlowLens.Core.Composition;
using FlowLens.Core.Generation;
using FlowLens.Core.Learning;
using FlowLens.Core.Tests.Doubles;
using FlowLens.Core.Workflows;

namespace FlowLens.Core.Tests.Attribution;

public sealed class ShapleyAttributionTests
{
    private static readonly string Template = File.ReadAllText(Path.Combine(RepoPaths.Prompts, "meta-agent.md"));

    /// <summary>
    /// A chain: the draft passes none of 4 tests, run-tests reports the failures, and repair, reading them, passes all
    /// 4. Every link is necessary, so leave-one-out credits each with the whole score.
    /// </summary>
    private static WorkflowEngine Chain(string attribution, ScriptedChatClient model)
    {
        var evaluator = new TableEvaluator { TotalTests = 4, PassingByMarker = new() { ["/*draft*/"] = 0, ["/*repaired*/"] = 4 } };
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
            new WorkflowEngineOptions { AttributionMode = attribution },
            TimeProvider.System);
    }

    private static ScriptedChatClient ChainModel() => new(new()
    {
        ["meta-agent"] = (_, _) => """{"steps":[{"id":"draft","n":1,"temperature":0.7},{"id":"repair","rounds":1}]}""",
        ["draft"] = (_, _) => "```csharp\n{ /*draft*/ return a - b; }\n```",
        ["repair"] = (prompt, _) => prompt.Contains("Test1 failed", StringComparison.Ordinal) ? "```csharp\n{ /*repaired*/ return a + b; }\n```" : "{ /*confused*/ }",
    });

    [Fact]
    public async Task A_chain_that_ends_at_4_of_4_shares_the_score_among_its_links()
    {
        await using var engine = Chain("shapley", ChainModel());

        var run = await engine.GenerateAsync(Fixtures.Target(), null, CancellationToken.None);

        Assert.Equal("draft -> run-tests -> repair", string.Join(" -> ", run.Steps.Select(s => s.Label)));
        Assert.Equal(1.0, run.FinalReport!.PassRate, 6);
        Assert.Equal(CounterfactualAttribution.ExactShapley, run.Metrics!.AttributionMethod);
        Assert.Equal(7, run.Metrics.AttributionRuns); // 2^3 coalitions, the full run already known
        Assert.DoesNotContain(run.Contributions, c => c.Delta > 0.99);
        Assert.All(run.Contributions, c => Assert.Equal(1.0 / 3, c.Delta, 5)); // every link is necessary: equal shares
        Assert.Equal(run.FinalReport.PassRate, run.Contributions.Sum(c => c.Delta), 5);
        Assert.All(run.Contributions, c => Assert.Equal(0, c.ScoreWithout)); // without any link nothing passes
        Assert.All(run.Contributions, c => Assert.Null(c.Uncertainty));
    }

    [Fact]
    public async Task Leave_one_out_stays_a_setting_and_gives_every_link_full_credit()
    {
        await using var engine = Chain("leave-one-out", ChainModel());

        var run = await engine.GenerateAsync(Fixtures.Target(), null, CancellationToken.None);

        Assert.Equal(CounterfactualAttribution.LeaveOneOut, run.Metrics!.AttributionMethod);
        Assert.Equal(["draft +1.00", "run-tests +1.00", "repair +1.00"], run.Contributions.Select(c => c.Label));
    }

    [Fact]
    public async Task Exact_values_match_the_known_game_and_add_up_to_the_score()
    {
        var world = new KnownEffects();
        await using var engine = world.Engine("shapley");

        var run = await engine.GenerateAsync(Fixtures.Target(), null, CancellationToken.None);

        // v(S) = 0.6 [draft in S] + 0.2 [draft, run-tests and repair in S]: each term is split equally among its players.
        var exact = new Dictionary<string, double> { ["draft"] = 0.6 + (0.2 / 3), ["run-tests"] = 0.2 / 3, ["repair"] = 0.2 / 3, ["vote"] = 0 };
        Assert.Equal(CounterfactualAttribution.ExactShapley, run.Metrics!.AttributionMethod);
        Assert.All(run.Contributions, c => Assert.Equal(exact[c.CapabilityId], c.Delta, 5));
        Assert.Equal(0.8, run.Contributions.Sum(c => c.Delta), 5);
        Assert.Equal(15, run.Metrics.AttributionRuns);
        Assert.Equal(0.6, run.Contributions.Single(c => c.CapabilityId == "repair").ScoreWithout, 6); // the draft alone
        Assert.Equal(3, world.Model.Calls["draft"]); // every coalition with the draft reused its memoised step
    }

    [Fact]
    public async Task Above_the_exact_limit_values_are_sampled_with_their_uncertainty()
    {
        var world = new KnownEffects();
        await using var engine = world.Engine(new WorkflowEngineOptions { AttributionMode = "shapley", ShapleyPermutations = 12, ExactShapleyLimit = 3 });

        var run = await engine.GenerateAsync(Fixtures.Target(), null, CancellationToken.None);

        Assert.Equal(CounterfactualAttribution.SampledShapley, run.Metrics!.AttributionMethod);
        Assert.All(run.Contributions, c => Assert.NotNull(c.Uncertainty));
        Assert.Equal(0.8, run.Contributions.Sum(c => c.Delta), 4);
    }
}
