using FlowLens.Core.Evaluation;
using FlowLens.Core.Tasks;

namespace FlowLens.Sandbox.Tests;

/// <summary>A target outside every .csproj is compiled with the .cs files beside it, whose xunit tests are run.</summary>
[Collection(SandboxCollection.Name)]
public sealed class LooseWorkspaceTests(SandboxFixture sandbox)
{
    private static readonly string Root = Path.Combine(Paths.Fixtures, "sandbox", "loose");

    [Theory]
    [InlineData("{ return new string(s.Reverse().ToArray()); }", "PPP", "P")]
    [InlineData("{ return s; }", "FPP", "F")]
    public async Task Check(string body, string expectedTests, string expectedExamples)
    {
        var file = Path.Combine(Root, "Strings.cs");
        var text = await File.ReadAllTextAsync(file);
        var target = new TaskTarget(file, text, TaskLocator.Find(text).Single(), new TaskTests.Workspace(Root));

        var report = await sandbox.Evaluator.EvaluateAsync(new EvaluationRequest(target, body), CancellationToken.None);

        Assert.True(report.Compiled, string.Join("; ", report.Diagnostics));
        Assert.Equal(["StringsTests.ReversesAWord", "StringsTests.EmptyStaysEmpty", "StringsTests.PalindromeIsUnchanged"], report.Tests.Select(t => t.Name));
        Assert.Equal(expectedTests, Outcomes.Of(report));
        Assert.Equal(expectedExamples, Outcomes.Of(report.Examples.Select(e => e.Outcome)));
        Assert.Contains(report.Diagnostics, d => d.Contains("compiled with the 1 other .cs file(s) of its folder", StringComparison.Ordinal));
    }
}
