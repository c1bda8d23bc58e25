using FlowLens.Core.Evaluation;

namespace FlowLens.Sandbox.Tests;

/// <summary>
/// A workspace whose settings live in Directory.Build.props files (nested, chained with GetPathOfFileAbove) and whose
/// project removes a broken folder and links a shared file from outside its own: the candidate compiles and runs the
/// way `dotnet test` would build it.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class BuildFilesWorkspaceTests(SandboxFixture sandbox)
{
    private static readonly string Root = Path.Combine(Paths.Fixtures, "sandbox", "build-files");
    private static readonly string TargetFile = Path.Combine(Root, "Words", "Sentence.cs");

    [Theory]
    [InlineData("{ return string.Join(Separators.Word, sentence.Split(Separators.Word).Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..])); }", "PPPP", "P")]
    [InlineData("{ return sentence; }", "FFFP", "F")]
    public async Task Check(string body, string expectedTests, string expectedExamples)
    {
        var report = await Evaluate(body);

        Assert.True(report.Tests.Count == 4, $"crash: {report.Crash}; diagnostics: {string.Join("; ", report.Diagnostics)}");
        Assert.Equal(expectedTests, Outcomes.Of(report));
        Assert.Equal(expectedExamples, Outcomes.Of(report.Examples.Select(e => e.Outcome)));
        Assert.DoesNotContain(report.Diagnostics, d => d.Contains("Draft.cs", StringComparison.Ordinal) || d.Contains("RELEASE_ONLY", StringComparison.Ordinal));
    }

    private Task<EvaluationReport> Evaluate(string body) => SandboxFixture.EvaluateTask(sandbox.Evaluator, Root, TargetFile, body);
}
