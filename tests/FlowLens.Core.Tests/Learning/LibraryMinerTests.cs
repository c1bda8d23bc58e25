using FlowLens.Core.Capabilities;
using FlowLens.Core.Composition;
using FlowLens.Core.Learning;
using FlowLens.Core.Tests.Doubles;
using FlowLens.Core.Workflows;

namespace FlowLens.Core.Tests.Learning;

public sealed class LibraryMinerTests
{
    private static ReplayEntry Entry(double score, params string[] capabilities) =>
        new("t", TaskKind.Algorithm, string.Join(" -> ", capabilities), capabilities, score, DateTimeOffset.UnixEpoch);

    [Fact]
    public void The_longest_recurring_successful_sub_workflow_is_proposed()
    {
        var mined = LibraryMiner.Mine(
        [
            Entry(1.0, "plan", "draft", "run-tests", "repair"),
            Entry(0.9, "draft", "run-tests", "repair", "vote"),
            Entry(0.8, "edge-tests", "draft", "run-tests", "repair"),
            Entry(0.2, "draft", "vote"),
            Entry(0.1, "draft", "vote"),
        ]);

        var top = mined[0];
        Assert.Equal(["draft", "run-tests", "repair"], top.Parts);
        Assert.Equal(3, top.Support);
        Assert.DoesNotContain(mined, m => m.Parts.SequenceEqual(["draft", "run-tests"])); // subsumed, same support
        Assert.DoesNotContain(mined, m => m.Parts.SequenceEqual(["draft", "vote"])); // only in failures
    }

    [Fact]
    public void A_proposed_composite_parses_and_expands_in_the_stitcher()
    {
        var mined = LibraryMiner.Mine([Entry(1, "draft", "run-tests", "repair"), Entry(1, "draft", "run-tests", "repair")]);
        var composite = CapabilityFileParser.Parse("composite.md", mined[0].ToCapabilityFile());
        Assert.Equal(["draft", "run-tests", "repair"], composite.Parts);

        var library = new CapabilityLibrary(Fixtures.Library.Capabilities.Append(composite), []);
        var workflow = WorkflowStitcher.Stitch([new SelectedCapability(composite.Id, 1, new Dictionary<string, double>())], library);

        Assert.Equal("draft -> run-tests -> repair", workflow.Label);
        Assert.Contains("expanded composite-draft-run-tests-repair into draft, run-tests, repair", workflow.Notes);
    }

    [Fact]
    public void A_mined_composite_keeps_the_parameters_its_parts_ran_with()
    {
        ReplayEntry Run(string workflow) => new("t", TaskKind.Algorithm, workflow, ["draft", "run-tests", "repair"], 1, DateTimeOffset.UnixEpoch);
        var mined = LibraryMiner.Mine(
        [
            Run("draft(n=3, temperature=0.8) -> run-tests -> repair(rounds=2)"),
            Run("draft(n=3, temperature=0.8) -> run-tests -> repair(rounds=1)"),
            Run("draft(n=3, temperature=0.8) -> run-tests -> repair(rounds=2)"),
        ]);

        var composite = CapabilityFileParser.Parse("composite.md", mined[0].ToCapabilityFile());
        var library = new CapabilityLibrary(Fixtures.Library.Capabilities.Append(composite), []);
        var workflow = WorkflowStitcher.Stitch([new SelectedCapability(composite.Id, 1, new Dictionary<string, double>())], library);

        Assert.Equal("draft(n=3, temperature=0.8) -> run-tests -> repair(rounds=2)", workflow.Description);
    }

    [Fact]
    public async Task Runs_are_logged_as_trajectories_with_rewards_and_attribution()
    {
        var dir = Directory.CreateTempSubdirectory("flowlens-trajectories");
        try
        {
            var world = new KnownEffects();
            var composer = new MetaAgentComposer(world.Model, Fixtures.Library, File.ReadAllText(Path.Combine(RepoPaths.Prompts, "meta-agent.md")), world.Priors, world.Replay, ComposerOptions.Default);
            await using var engine = new Generation.WorkflowEngine(
                Fixtures.Library, composer, world.Model, "scripted", world.Evaluator, world.Priors, world.Replay, world.Cache,
                new Generation.GeneratorStatus(true, "scripted", "test", "cpu", false), new Generation.WorkflowEngineOptions(), TimeProvider.System,
                trajectories: TrajectoryLog.Open(dir.FullName));

            await engine.GenerateAsync(Fixtures.Target(), null, CancellationToken.None);
            await engine.GenerateAsync(Fixtures.Target(), null, CancellationToken.None);

            var runs = TrajectoryLog.Read(dir.FullName);
            Assert.Equal(2, runs.Count);
            Assert.Equal("draft x3 -> run-tests -> repair -> vote", runs[0].Workflow);
            Assert.Equal(0.2 / 3, runs[0].Contributions["repair"], 5); // exact Shapley, the default: draft, run-tests and repair share 0.2
            Assert.Equal(0.8, runs[0].PassRate, 6);
            Assert.Contains(runs[0].Steps, s => s.Capability == "draft" && s.Prompt!.Contains("Add", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
