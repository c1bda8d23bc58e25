using FlowLens.Core.Evaluation;

namespace FlowLens.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class WorkspaceTests(SandboxFixture sandbox)
{
    private static readonly string Root = Path.Combine(Paths.Fixtures, "sandbox", "workspace");
    private static readonly string TargetFile = Path.Combine(Root, "Calc", "Text.cs");

    [Theory]
    [InlineData("{ return string.Join(' ', sentence.Split(' ').Reverse()); }", "PPPPP", "P")]
    [InlineData("{ return sentence; }", "FPFPP", "F")]
    [InlineData("{ return sentence }", "EEEEE", "E")]
    public async Task Check(string body, string expectedTests, string expectedExamples)
    {
        var report = await Evaluate(body);

        Assert.True(report.Tests.Count == 5, $"crash: {report.Crash}; diagnostics: {string.Join("; ", report.Diagnostics)}");
        Assert.Equal(
            ["TextTests.Reverses_three_words", "TextTests.Reverses(\"one\", \"one\")", "TextTests.Reverses(\"hello world\", \"world hello\")",
             "TextTests.Internals_are_visible", "TextTests.Tests_may_use_the_file_system"],
            report.Tests.Select(t => t.Name));
        Assert.Equal(expectedTests, Outcomes.Of(report));
        Assert.Equal(expectedExamples, Outcomes.Of(report.Examples.Select(e => e.Outcome)));
    }

    [Fact]
    public async Task An_unsupported_package_reference_is_reported()
    {
        var report = await Evaluate("{ return sentence; }");

        Assert.Contains(report.Diagnostics, d => d.Contains("unsupported PackageReference 'Humanizer.Core'", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Diagnostics, d => d.Contains("'xunit'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_workspace_policy_tightens_the_built_in_one()
    {
        var report = await Evaluate("{ return new StringBuilder(sentence).ToString(); }");

        var violation = Assert.Single(report.Rejected, v => v.Symbol == "System.Text.StringBuilder");
        Assert.Equal(8, violation.Line);
        Assert.Equal("this workspace bans StringBuilder in generated code", violation.Reason);
        Assert.All(report.Tests, t => Assert.Equal(TestOutcome.Error, t.Outcome));
    }

    [Fact]
    public async Task The_candidate_is_policed_even_though_the_project_imports_System_IO()
    {
        var report = await Evaluate("{ return File.ReadAllText(sentence); }");

        var violation = Assert.Single(report.Rejected, v => v.Symbol == "System.IO.File.ReadAllText");
        Assert.Equal("file system access", violation.Reason);
    }

    private static Task<EvaluationReport> Evaluate(SandboxCandidateEvaluator evaluator, string body) => SandboxFixture.EvaluateTask(evaluator, Root, TargetFile, body);

    private Task<EvaluationReport> Evaluate(string body) => Evaluate(sandbox.Evaluator, body);
}
