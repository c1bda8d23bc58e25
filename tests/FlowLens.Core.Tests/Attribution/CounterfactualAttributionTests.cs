using FlowLens.Core.Generation;
using FlowLens.Core.Tests.Doubles;

namespace FlowLens.Core.Tests.Attribution;

public sealed class CounterfactualAttributionTests
{
    [Fact]
    public async Task Leave_one_out_recovers_the_known_contributions_exactly()
    {
        var world = new KnownEffects();
        await using var engine = world.Engine();

        var run = await engine.GenerateAsync(Fixtures.Target(), null, CancellationToken.None);

        Assert.Equal("draft x3 -> run-tests -> repair -> vote", string.Join(" -> ", run.Steps.Select(s => s.Label)));
        Assert.Contains("/*repaired*/", run.FinalMethodBody, StringComparison.Ordinal);
        Assert.Equal(0.8, run.FinalReport!.PassRate, 6);
        Assert.Equal(
        [
            "draft +0.80",
            "run-tests +0.20",
            "repair +0.20",
            "vote +0.00 (no effect)",
        ],
            run.Contributions.Select(c => c.Label));
        Assert.Equal([0.8, 0.2, 0.2, 0.0], run.Contributions.Select(c => c.Delta));
    }

    [Fact]
    public async Task Ablations_reuse_upstream_steps_and_cost_at_most_half_a_run_each()
    {
        var world = new KnownEffects();
        await using var engine = world.Engine();

        var run = await engine.GenerateAsync(Fixtures.Target(), null, CancellationToken.None);

        var metrics = run.Metrics!;
        Assert.Equal(4, metrics.ModelCalls); // draft x3 + repair, the meta-agent is counted apart
        Assert.Equal(4, metrics.AttributionRuns);
        Assert.True(metrics.AttributionExtraModelCalls <= 0.5 * metrics.ModelCalls * metrics.AttributionRuns, $"extra calls {metrics.AttributionExtraModelCalls}");
        Assert.Equal(0, metrics.AttributionExtraModelCalls); // every upstream step was a cache hit
        Assert.Equal(1, world.Model.Calls["repair"]);
        Assert.Equal(3, world.Model.Calls["draft"]);
        Assert.True(metrics.AttributionCacheHitRatio > 0.3, $"cache-hit ratio {metrics.AttributionCacheHitRatio}");
    }

    [Fact]
    public async Task Sampled_shapley_is_within_its_uncertainty_of_the_exact_values()
    {
        var world = new KnownEffects();
        await using var engine = world.Engine(new WorkflowEngineOptions { AttributionMode = "shapley", ShapleyPermutations = 60, ExactShapleyLimit = 0 });

        var run = await engine.GenerateAsync(Fixtures.Target(), null, CancellationToken.None);

        // v(S) = 0.6 [draft in S] + 0.2 [draft, run-tests and repair in S]: a sum of unanimity games, whose exact
        // Shapley values split each term equally among its players.
        var exact = new Dictionary<string, double> { ["draft"] = 0.6 + (0.2 / 3), ["run-tests"] = 0.2 / 3, ["repair"] = 0.2 / 3, ["vote"] = 0 };
        Assert.Equal(exact.Keys.Order(StringComparer.Ordinal), run.Contributions.Select(c => c.CapabilityId).Order(StringComparer.Ordinal));
        foreach (var c in run.Contributions)
        {
            var tolerance = (3 * c.Uncertainty!.Value) + 1e-9;
            Assert.True(Math.Abs(c.Delta - exact[c.CapabilityId]) <= tolerance, $"{c.CapabilityId}: {c.Delta} ± {c.Uncertainty} vs exact {exact[c.CapabilityId]}");
        }

        Assert.Equal(0, run.Contributions.Single(c => c.CapabilityId == "vote").Delta);
        Assert.Equal(0.8, run.Contributions.Sum(c => c.Delta), 4); // efficiency holds for every permutation
    }

    [Fact]
    public async Task Priors_move_toward_the_observed_contributions()
    {
        var world = new KnownEffects();
        await using var engine = world.Engine();
        var repair = Fixtures.Library["repair"];
        var vote = Fixtures.Library["vote"];
        var kind = Core.Learning.TaskFeatures.Of(Fixtures.Target()).Kind;
        var repairDistance = new List<double> { Math.Abs(world.Priors.Get(repair, kind).Mean - 0.2) };
        var voteDistance = new List<double> { Math.Abs(world.Priors.Get(vote, kind).Mean - 0.0) };

        for (var i = 0; i < 8; i++)
        {
            await engine.GenerateAsync(Fixtures.Target(), null, CancellationToken.None);
            repairDistance.Add(Math.Abs(world.Priors.Get(repair, kind).Mean - 0.2));
            voteDistance.Add(Math.Abs(world.Priors.Get(vote, kind).Mean - 0.0));
        }

        Assert.All(repairDistance.Zip(repairDistance.Skip(1)), p => Assert.True(p.Second < p.First));
        Assert.All(voteDistance.Zip(voteDistance.Skip(1)), p => Assert.True(p.Second < p.First));
        Assert.True(repairDistance[^1] < repairDistance[0] / 4, string.Join(", ", repairDistance));
        Assert.Equal(8, world.Replay.Entries.Count);
    }

    [Fact]
    public async Task Progress_is_reported_in_order_and_ends_at_100()
    {
        var world = new KnownEffects();
        await using var engine = world.Engine();
        var reports = new List<WorkflowProgress>();

        await engine.GenerateAsync(Fixtures.Target(), new InlineProgress<WorkflowProgress>(reports.Add), CancellationToken.None);

        Assert.Equal(100, reports[^1].Percent);
        Assert.All(reports.Zip(reports.Skip(1)), p => Assert.True(p.Second.Percent >= p.First.Percent, $"{p.First} then {p.Second}"));
        Assert.Contains(reports, r => r.Step.StartsWith("attributing: without repair", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancellation_stops_the_run()
    {
        var world = new KnownEffects();
        await using var engine = world.Engine();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.GenerateAsync(Fixtures.Target(), null, cts.Token));
    }
}
