using FlowLens.Core.Evaluation;

namespace FlowLens.Sandbox.Tests;

/// <summary>
/// Workspaces whose tests the sandbox worker cannot model (NUnit, MSTest, xunit with FluentAssertions) run in the real
/// engine, and every per-test outcome agrees with the user's own <c>dotnet test</c> on the same fixture and body.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class RealEngineTests(SandboxFixture sandbox, WorkspaceModelFixtures fixtures) : IClassFixture<WorkspaceModelFixtures>
{
    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        { "nunit", "Shapes/Geometry.cs", "Shapes.Tests", "return Rounding.TwoDecimals(2 * (a + b));", "return a + b;" },
        { "mstest", "Ledger/Balance.cs", "Ledger.Tests", "total += decimal.Parse(entry, System.Globalization.CultureInfo.InvariantCulture);", "total += 1;" },
        { "xunit-fluent", "Words/Counter.cs", "Words.Tests", "text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length", "text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Outcomes_of_a_broken_body_agree_with_dotnet_test(string fixture, string target, string testProject, string correct, string broken)
    {
        var root = Path.Combine(fixtures.Root, fixture);
        var targetFile = Path.Combine(root, target);
        var oracle = await DotnetTestOracle.RunAsync(root, testProject, targetFile, correct, broken);
        var report = await EvaluateAsync(targetFile, root, correct, broken);

        Assert.Contains(oracle, o => o.Outcome == "Passed");
        Assert.Contains(oracle, o => o.Outcome == "Failed");
        AssertAgree(oracle, report);
    }

    /// <summary>
    /// The correct body, run on every test of the project (as the rest of the tests run once on a chosen candidate):
    /// one unfiltered <c>dotnet test</c> on each side, and every test passes on both.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Outcomes_of_the_correct_body_on_the_whole_project_agree_with_dotnet_test(string fixture, string target, string testProject, string correct, string broken)
    {
        Assert.NotEqual(correct, broken);
        var root = Path.Combine(fixtures.Root, fixture);
        var targetFile = Path.Combine(root, target);
        var oracle = await DotnetTestOracle.RunAsync(root, testProject, targetFile, correct, correct);
        var report = await EvaluateAsync(targetFile, root, correct, correct, TestScope.WholeProject);

        Assert.All(oracle, o => Assert.Equal("Passed", o.Outcome));
        Assert.Contains(report.Diagnostics, d => d.StartsWith("every test of the test projects ran", StringComparison.Ordinal));
        AssertAgree(oracle, report);
    }

    private static void AssertAgree(IReadOnlyList<(string Name, string Outcome)> oracle, EvaluationReport report)
    {
        Assert.True(report.Runner is not null && report.Runner.StartsWith("dotnet test (the real engine)", StringComparison.Ordinal), report.Runner);
        Assert.True(report.Tests.Count == oracle.Count, $"{report.Tests.Count} tests, {oracle.Count} expected; {string.Join("; ", report.Diagnostics)}");
        foreach (var (name, outcome) in oracle)
        {
            // Named as the framework names it, with its class: Ns.Class.Method(arguments).
            var ours = Assert.Single(report.Tests, t => t.Name == name || t.Name.EndsWith("." + name, StringComparison.Ordinal));
            Assert.Contains('.', ours.Name);
            Assert.Equal(outcome, ours.Outcome.ToString());
        }
    }

    [Fact]
    public async Task A_candidate_that_does_not_compile_is_reported_with_the_compiler_error()
    {
        var root = Path.Combine(fixtures.Root, "mstest");
        var report = await EvaluateAsync(Path.Combine(root, "Ledger", "Balance.cs"), root, "return total;", "return total");

        Assert.False(report.Compiled);
        Assert.Contains(report.Diagnostics, d => d.Contains("error CS1002", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hostile_candidate_is_rejected_by_the_policy_before_the_engine_runs()
    {
        var root = Path.Combine(fixtures.Root, "mstest");
        var report = await EvaluateAsync(Path.Combine(root, "Ledger", "Balance.cs"), root, "return total;", "System.IO.File.Delete(\"/tmp/x\"); return total;");

        Assert.Contains(report.Rejected, v => v.Symbol == "System.IO.File.Delete");
        Assert.StartsWith("sandbox policy", report.Runner, StringComparison.Ordinal);
        Assert.Empty(report.Tests);
    }

    private Task<EvaluationReport> EvaluateAsync(string targetFile, string root, string correct, string line, TestScope scope = TestScope.Selected)
    {
        var text = File.ReadAllText(targetFile);
        var site = Core.Tasks.TaskLocator.Find(text).Single();
        var lines = Microsoft.CodeAnalysis.Text.SourceText.From(text).Lines;
        var start = lines.GetPosition(new Microsoft.CodeAnalysis.Text.LinePosition(site.BodyRange.Start.Line, site.BodyRange.Start.Character));
        var end = lines.GetPosition(new Microsoft.CodeAnalysis.Text.LinePosition(site.BodyRange.End.Line, site.BodyRange.End.Character));
        var body = text[start..end].Replace(correct, line, StringComparison.Ordinal);
        var target = new Core.Tasks.TaskTarget(targetFile, text, site, new Core.Tasks.TaskTests.Workspace(root));
        return sandbox.Evaluator.EvaluateAsync(new EvaluationRequest(target, body) { Scope = scope }, CancellationToken.None);
    }
}
