using FlowLens.Core.Generation;
using FlowLens.Core.Tests.Doubles;

namespace FlowLens.Core.Tests.Attribution;

/// <summary>The engine hands over the tested result before attribution, and attribution runs on the same memo afterwards.</summary>
public sealed class TwoStageGenerationTests
{
    [Fact]
    public async Task The_result_comes_before_attribution_with_its_tests_and_no_contributions()
    {
        var world = new KnownEffects();
        await using var engine = world.Engine();
        var reports = new List<WorkflowProgress>();

        var staged = await engine.StartAsync(Fixtures.Target(), new InlineProgress<WorkflowProgress>(reports.Add), CancellationToken.None);

        Assert.Contains("/*repaired*/", staged.Result.FinalMethodBody, StringComparison.Ordinal);
        Assert.Equal(0.8, staged.Result.FinalReport!.PassRate, 6);
        Assert.Empty(staged.Result.Contributions);
        Assert.Equal(["draft", "run-tests", "repair", "vote"], staged.Capabilities);
        Assert.Equal(0, staged.Result.Metrics!.AttributionRuns);
        Assert.True(staged.Result.Metrics.ResultMilliseconds > 0);
        Assert.DoesNotContain(reports, r => r.Step.StartsWith("attributing: without", StringComparison.Ordinal));
        Assert.All(reports, r => Assert.True(r.Percent <= WorkflowProgress.ResultDone, r.ToString()));
        Assert.Equal(1, world.Model.Calls["repair"]);

        var attributed = new List<WorkflowProgress>();
        var run = await staged.AttributeAsync(new InlineProgress<WorkflowProgress>(attributed.Add), CancellationToken.None);

        Assert.Equal(staged.Result.RunId, run.RunId);
        Assert.Equal(staged.Result.FinalMethodBody, run.FinalMethodBody);
        Assert.Equal(["draft +0.80", "run-tests +0.20", "repair +0.20", "vote +0.00 (no effect)"], run.Contributions.Select(c => c.Label));
        Assert.Equal(0, run.Metrics!.AttributionExtraModelCalls); // the same memo: upstream steps are cache hits
        Assert.Equal(staged.Result.Metrics.ResultMilliseconds, run.Metrics.ResultMilliseconds);
        Assert.True(run.Duration >= staged.Result.Duration);
        Assert.All(attributed, r => Assert.True(r.Percent >= WorkflowProgress.ResultDone, r.ToString()));
        Assert.Equal(100, attributed[^1].Percent);
    }

    [Fact]
    public async Task Cancelling_attribution_keeps_the_result_and_teaches_nothing()
    {
        var world = new KnownEffects();
        await using var engine = world.Engine();
        var staged = await engine.StartAsync(Fixtures.Target(), null, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => staged.AttributeAsync(null, cts.Token));

        Assert.Contains("/*repaired*/", staged.Result.FinalMethodBody, StringComparison.Ordinal);
        Assert.Empty(world.Replay.Entries);

        // The result still stands and can be attributed later.
        var run = await staged.AttributeAsync(null, CancellationToken.None);
        Assert.Equal(4, run.Contributions.Count);
        Assert.Single(world.Replay.Entries);
    }
}
