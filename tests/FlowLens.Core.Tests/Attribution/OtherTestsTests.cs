using FlowLens.Core.Evaluation;
using FlowLens.Core.Generation;
using FlowLens.Core.Tasks;
using FlowLens.Core.Tests.Doubles;

namespace FlowLens.Core.Tests.Attribution;

/// <summary>
/// The workflow chooses its result on the selected tests alone; the rest of the test projects' tests run once on that
/// result, beside attribution, and are reported apart from the selected ones.
/// </summary>
public sealed class OtherTestsTests
{
    private static KnownEffects World() => new()
    {
        Evaluator =
        {
            PassingByMarker = { ["/*draft*/"] = 3, ["/*repaired*/"] = 4 },
            OtherTests = 3,
            OtherPassingByMarker = { ["/*draft*/"] = 3, ["/*repaired*/"] = 2 },
        },
    };

    [Fact]
    public async Task The_rest_runs_once_on_the_chosen_candidate_after_the_workflow_chose_it_on_the_selected_tests()
    {
        var world = World();
        await using var engine = world.Engine(new WorkflowEngineOptions { AttributionMode = "leave-one-out", RunOtherTests = true });

        var staged = await engine.StartAsync(Fixtures.Target(), null, CancellationToken.None);

        // The workflow never saw the other tests: the repaired body wins on the selected ones (4/5) although it breaks one more of the rest.
        Assert.Null(staged.Result.OtherTests);
        Assert.Empty(world.Evaluator.WholeProjectRuns);
        Assert.Equal(5, staged.Result.FinalReport!.Total);
        Assert.Contains("/*repaired*/", staged.Result.FinalMethodBody, StringComparison.Ordinal);

        var run = await staged.AttributeAsync(null, CancellationToken.None);

        var body = Assert.Single(world.Evaluator.WholeProjectRuns);
        Assert.Contains("/*repaired*/", body, StringComparison.Ordinal);
        var others = Assert.IsType<OtherTestsReport>(run.OtherTests);
        Assert.Equal(["Other1", "Other2", "Other3"], others.Tests.Select(t => t.Name));
        Assert.Equal(2, others.Passed);
        Assert.Equal(1, others.Failed);
        Assert.Null(others.Problem);
        Assert.Equal(5, run.FinalReport!.Total);
        Assert.Contains("|  4/5 tests  |  other tests 2/3  |", run.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_setting_nothing_else_runs()
    {
        var world = World();
        await using var engine = world.Engine(new WorkflowEngineOptions { AttributionMode = "leave-one-out" });

        var run = await (await engine.StartAsync(Fixtures.Target(), null, CancellationToken.None)).AttributeAsync(null, CancellationToken.None);

        Assert.Null(run.OtherTests);
        Assert.Empty(world.Evaluator.WholeProjectRuns);
        Assert.DoesNotContain("other tests", run.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_without_workspace_tests_has_no_rest_to_run()
    {
        var world = World();
        var target = Fixtures.Target(new TaskTests.Program("class P { static void Main() { } }"));

        var others = await OtherTestsReport.RunAsync(world.Evaluator, target, CandidateEdit.OfBody("{ /*draft*/ }"), EvaluationReport.NotCompiled([], 0), CancellationToken.None);

        Assert.Null(others);
        Assert.Empty(world.Evaluator.WholeProjectRuns);
    }

    [Fact]
    public async Task Others_that_do_not_compile_say_why_in_one_line()
    {
        var world = World();

        var others = await OtherTestsReport.RunAsync(world.Evaluator, Fixtures.Target(), CandidateEdit.OfBody("{ unknown }"), EvaluationReport.NotCompiled([], 0), CancellationToken.None);

        Assert.NotNull(others);
        Assert.Equal("the test projects did not compile: CS1002: ; expected", others.Problem);
    }
}
