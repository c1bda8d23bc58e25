using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox.Tests.Frameworks;

/// <summary>
/// Real test projects run through their own framework inside the sandbox worker, checked against <c>dotnet test</c> on
/// the same fixture: per test, the worker's outcome must be the real engine's, for the correct and the broken body.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class FrameworkRunnerTests(FrameworkPool frameworks) : IClassFixture<FrameworkPool>
{
    [Theory]
    [InlineData("nunit4", "NUnit 4.2.2 via its FrameworkController in the sandbox worker")]
    [InlineData("nunit3", "NUnit 3.14.0 via its FrameworkController in the sandbox worker")]
    [InlineData("xunit2", "xunit 2.9.3 via XunitTestFramework in the sandbox worker")]
    [InlineData("mstest", "MSTest 3.11.1 via its VSTest adapter (MSTestDiscoverer, MSTestExecutor) in the sandbox worker")]
    [InlineData("mstest2", "MSTest 14.0.7126.11 via its VSTest adapter (MSTestDiscoverer, MSTestExecutor) in the sandbox worker")]
    [InlineData("xunit3", "xunit 3.2.2 via its v3 XunitTestFramework in the sandbox worker")]
    public async Task The_correct_body_has_the_outcomes_of_dotnet_test(string fixture, string runner)
    {
        var solution = await FrameworkSolution.GetAsync(fixture);
        var body = CorrectBody(solution);

        var result = await RunAsync(FrameworkJobs.Build(solution, body));

        Assert.Equal(runner, result.Runner);
        Assert.All(solution.CorrectOracle.Values, o => Assert.Equal("Passed", o));
        Assert.Equal(Listed(solution.CorrectOracle), Listed(Outcomes(result)));
    }

    [Theory]
    [InlineData("nunit4")]
    [InlineData("nunit3")]
    [InlineData("xunit2")]
    [InlineData("mstest")]
    [InlineData("mstest2")]
    [InlineData("xunit3")]
    public async Task The_broken_body_has_the_outcomes_of_dotnet_test(string fixture)
    {
        var solution = await FrameworkSolution.GetAsync(fixture);
        var body = await File.ReadAllTextAsync(Path.Combine(solution.Folder, "broken-body.txt"));

        var result = await RunAsync(FrameworkJobs.Build(solution, body));

        // The oracle must itself tell the bodies apart, or the comparison proves nothing.
        Assert.Contains("Passed", solution.BrokenOracle.Values);
        Assert.Contains("Failed", solution.BrokenOracle.Values);
        Assert.Equal(Listed(solution.BrokenOracle), Listed(Outcomes(result)));
        Assert.Contains(result.Tests, t => t.Outcome == ResultOutcome.Failed && t.Message is { Length: > 0 });
    }

    [Theory]
    [InlineData("nunit4", "Shop.Tests.PriceCalculatorTests.Totals_rows", 3)]
    [InlineData("nunit3", "Shop.Tests.PriceCalculatorTests+Rounding.Rounds_to_cents", 1)]
    [InlineData("xunit2", "Shop.Tests.PriceCalculatorTests.Totals_inline_rows", 2)]
    [InlineData("mstest", "Shop.Tests.PriceCalculatorTests.Totals_rows", 3)]
    [InlineData("mstest", "Shop.Tests.PriceCalculatorTests+Rounding.Rounds_to_cents", 1)]
    [InlineData("xunit3", "Shop.Tests.PriceCalculatorTests.Totals_class_rows", 2)]
    [InlineData("xunit3", "Shop.Tests.PriceCalculatorTests+Rounding.Rounds_to_cents", 1)]
    public async Task Only_the_selected_tests_run_with_every_row(string fixture, string selected, int rows)
    {
        var solution = await FrameworkSolution.GetAsync(fixture);
        var body = await File.ReadAllTextAsync(Path.Combine(solution.Folder, "broken-body.txt"));

        var result = await RunAsync(FrameworkJobs.Build(solution, body, [selected]));

        // A row is named by its method and its arguments: "M(1,2)" in NUnit and xunit, "M (1,2)" in MSTest.
        var expected = solution.BrokenOracle.Where(p => p.Key == selected || p.Key.StartsWith(selected + "(", StringComparison.Ordinal) || p.Key.StartsWith(selected + " (", StringComparison.Ordinal)).ToDictionary();
        Assert.Equal(rows, expected.Count);
        Assert.Equal(Listed(expected), Listed(Outcomes(result)));
    }

    [Theory]
    [InlineData("nunit4")]
    [InlineData("xunit2")]
    [InlineData("mstest")]
    [InlineData("xunit3")]
    public async Task A_selection_that_matches_no_test_says_that_no_test_ran(string fixture)
    {
        var solution = await FrameworkSolution.GetAsync(fixture);

        var result = await RunAsync(FrameworkJobs.Build(solution, CorrectBody(solution), ["Shop.Tests.PriceCalculatorTests.No_such_test"]));

        var only = Assert.Single(result.Tests);
        Assert.Equal(ResultOutcome.Error, only.Outcome);
        Assert.StartsWith("no test ran: none of the 1 selected tests was found", only.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nunit4", "Shop.Tests.PriceCalculatorTests.Adds_the_regional_tax", "Shop.Tests.PriceCalculatorTests.Ran_one_time_set_up_once")]
    [InlineData("xunit2", "Shop.Tests.PriceCalculatorTests.Adds_the_regional_tax", "Shop.Tests.PriceCalculatorTests.Shares_one_class_fixture")]
    [InlineData("mstest", "Shop.Tests.PriceCalculatorTests.Adds_the_regional_tax", "Shop.Tests.PriceCalculatorTests.Ran_the_assembly_and_class_initializers_once")]
    [InlineData("xunit3", "Shop.Tests.PriceCalculatorTests.Adds_the_regional_tax", "Shop.Tests.PriceCalculatorTests.Shares_one_class_fixture")]
    public async Task A_body_that_never_returns_times_out_and_the_other_tests_still_run(string fixture, string looping, string other)
    {
        var solution = await FrameworkSolution.GetAsync(fixture);

        var result = await RunAsync(FrameworkJobs.Build(solution, "        while (true) { }\n", [looping, other], testTimeoutMs: 1500));

        Assert.False(result.Recycle);
        Assert.Equal([$"{looping}: Timeout", $"{other}: Passed"], result.Tests.Select(t => $"{t.Name}: {t.Outcome}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_body_the_policy_denies_runs_no_test()
    {
        var solution = await FrameworkSolution.GetAsync("nunit4");
        const string body = "        System.IO.File.WriteAllText(\"/tmp/x\", region);\n        return net;\n";

        var result = await RunAsync(FrameworkJobs.Build(solution, body, ["Shop.Tests.PriceCalculatorTests.Adds_the_regional_tax"]));

        Assert.NotEmpty(result.Rejected);
        var only = Assert.Single(result.Tests);
        Assert.Equal(("Shop.Tests.PriceCalculatorTests.Adds_the_regional_tax", ResultOutcome.Error), (only.Name, only.Outcome));
    }

    [Theory]
    [InlineData("jasmine", "unknown test framework 'jasmine'")]
    public async Task A_framework_the_worker_cannot_host_is_reported_unsupported_never_passed(string framework, string reason)
    {
        var solution = await FrameworkSolution.GetAsync("nunit4");

        var result = await RunAsync(FrameworkJobs.Build(solution, CorrectBody(solution)) with { TestFramework = framework });

        Assert.StartsWith(reason, result.Unsupported, StringComparison.Ordinal);
        var only = Assert.Single(result.Tests);
        Assert.Equal(("run", ResultOutcome.Error), (only.Name, only.Outcome));
    }

    [Fact]
    public async Task The_projects_source_generators_run_as_in_a_build()
    {
        var solution = await FrameworkSolution.GetAsync("nunit4");
        var job = FrameworkJobs.Build(solution, CorrectBody(solution), ["Shop.Tests.GeneratedRegexTests.Matches_a_region"]);
        var runtime = solution.MetadataReferences.First(p => Path.GetFileName(p) == "System.Runtime.dll");
        var generator = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(runtime)!, "..", "..", "analyzers", "dotnet", "cs", "System.Text.RegularExpressions.Generator.dll"));
        const string tests = "using System.Text.RegularExpressions; namespace Shop.Tests; public partial class GeneratedRegexTests { "
            + "[GeneratedRegex(\"^[A-Z]{2}$\")] private static partial Regex Region(); [Test] public void Matches_a_region() => Assert.That(Region().IsMatch(\"EU\"), Is.True); }";
        var project = job.Projects[1] with
        {
            Sources = [.. job.Projects[1].Sources, new JobSource { Path = "GeneratedRegexTests.cs", Text = tests, IsTests = true }],
            AnalyzerReferences = [generator],
        };

        var result = await RunAsync(job with { Projects = [job.Projects[0], project] });

        Assert.True(File.Exists(generator), generator);
        Assert.Equal(["Shop.Tests.GeneratedRegexTests.Matches_a_region: Passed"], result.Tests.Select(t => $"{t.Name}: {t.Outcome}"));
    }

    private static string CorrectBody(FrameworkSolution solution)
    {
        var text = File.ReadAllText(Path.Combine(solution.Folder, "Shop", "PriceCalculator.cs"));
        var (start, length) = PriceCalculatorSource.Body(text);
        return text.Substring(start, length);
    }

    private async Task<WorkerResult> RunAsync(WorkerJob job)
    {
        var outcome = await frameworks.Pool.RunAsync(job, CancellationToken.None);
        var result = outcome.Result ?? throw new InvalidOperationException("the worker gave no result: " + (outcome.Crash ?? "timed out"));
        Assert.True(result.WorkerError is null, result.WorkerError);
        Assert.True(result.Compiled || result.Rejected.Count > 0, string.Join("\n", result.Diagnostics));
        return result;
    }

    private static Dictionary<string, string> Outcomes(WorkerResult result) =>
        result.Tests.ToDictionary(t => t.Name, t => t.Outcome == ResultOutcome.Passed ? "Passed" : "Failed", StringComparer.Ordinal);

    /// <summary>"name: outcome" lines in name order, so a difference shows as the tests that differ.</summary>
    private static List<string> Listed(IReadOnlyDictionary<string, string> outcomes) =>
        outcomes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}").ToList();
}
