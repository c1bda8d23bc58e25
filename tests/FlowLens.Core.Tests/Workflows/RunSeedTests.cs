using FlowLens.Core.Generation;
using FlowLens.Core.Tests.Doubles;
using FlowLens.Core.Workflows;

namespace FlowLens.Core.Tests.Workflows;

public sealed class RunSeedTests
{
    [Fact]
    public async Task Without_a_fixed_seed_each_run_samples_afresh_and_records_its_seed()
    {
        var world = new KnownEffects();
        await using var engine = world.Engine(new WorkflowEngineOptions { AttributionMode = "off", SampleSeedPerRun = true });

        var first = await engine.GenerateAsync(Fixtures.Target(), null, CancellationToken.None);
        var second = await engine.GenerateAsync(Fixtures.Target(), null, CancellationToken.None);

        Assert.NotEqual(first.Seed, second.Seed);
        Assert.Equal(6, world.Model.Calls["draft"]); // the second run drew its own three samples, no step cache replay
        Assert.NotEqual(first.Steps[0].Output, second.Steps[0].Output);
        Assert.DoesNotContain(second.Steps, s => s.CacheHit && s.CapabilityId == "draft");
    }

    [Fact]
    public async Task A_recorded_seed_replays_the_run_from_the_step_cache()
    {
        var world = new KnownEffects();
        await using var fresh = world.Engine(new WorkflowEngineOptions { AttributionMode = "off", SampleSeedPerRun = true });
        var original = await fresh.GenerateAsync(Fixtures.Target(), null, CancellationToken.None);

        await using var replay = world.Engine(new WorkflowEngineOptions { AttributionMode = "off", Execution = ExecutionOptions.Default with { Seed = original.Seed } });
        var again = await replay.GenerateAsync(Fixtures.Target(), null, CancellationToken.None);

        Assert.Equal(original.Seed, again.Seed);
        Assert.Equal(original.FinalMethodBody, again.FinalMethodBody);
        Assert.All(again.Steps.Where(s => s.CapabilityId is "draft" or "repair"), s => Assert.True(s.CacheHit, $"{s.Label} ran again"));
        Assert.Equal(3, world.Model.Calls["draft"]);
    }
}
