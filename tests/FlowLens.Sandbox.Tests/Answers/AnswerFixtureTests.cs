using FlowLens.Core.Answers;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Tasks;
using Microsoft.Extensions.AI;

namespace FlowLens.Sandbox.Tests.Answers;

/// <summary>
/// Every recorded answer shape, read by the one answer reader and run by the real sandbox against the sample
/// workspace's own tests: readable shapes pass every test, the others fail with their reason in words.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class AnswerFixtureTests(SandboxFixture sandbox)
{
    private const int Budget = 1024;
    private static readonly string Root = Path.Combine(Paths.RepoRoot, "samples", "compress");
    private static readonly string TargetFile = Path.Combine(Root, "src", "TextTools", "RunLength.cs");

    public static TheoryData<string> Answers() => [.. AnswerFixture.Names()];

    [Fact]
    public void The_table_covers_at_least_thirty_answers() => Assert.True(AnswerFixture.Names().Count() >= 30);

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Each_answer_gives_its_expected_result_in_the_real_sandbox(string name)
    {
        var fixture = AnswerFixture.Load(name);
        var text = File.ReadAllText(TargetFile);
        var site = TaskLocator.Find(text).Single();
        var target = new TaskTarget(TargetFile, text, site, new TaskTests.Workspace(Root));
        var finish = fixture.Finish == "length" ? ChatFinishReason.Length : ChatFinishReason.Stop;

        var candidate = ModelAnswerReader.Read(new ModelAnswer(fixture.Answer, finish, Budget), site);
        var report = await sandbox.Evaluator.EvaluateAsync(new EvaluationRequest(target, candidate), CancellationToken.None);

        var seen = $"{fixture.Shape}: unreadable: {candidate.Unreadable}; diagnostics: {string.Join("; ", report.Diagnostics)}; crash: {report.Crash}; "
            + $"tests: {string.Join(", ", report.Tests.Select(t => $"{t.Name}={t.Outcome}"))}; examples: {string.Join(", ", report.Examples.Select(e => $"{e.Example.Call}={e.Outcome} {e.Observed} {e.Message}"))}\n{candidate.Display()}";
        if (fixture.ExpectedFailure is null)
        {
            Assert.True(report.Compiled && report.Tests.Count == 5 && report.Passed == report.Total, seen);
        }
        else if (report.Compiled)
        {
            // A readable answer that is wrong: the user's tests say so, and the words name a failing test or its message.
            var failing = report.Tests.Where(t => t.Outcome != TestOutcome.Passed).ToList();
            Assert.True(failing.Count > 0, seen);
            Assert.Contains(fixture.ExpectedFailure, string.Join("\n", failing.Select(t => t.Name + ": " + t.Message)), StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(fixture.ExpectedFailure, string.Join("\n", report.Diagnostics), StringComparison.Ordinal);
            Assert.Equal(5, report.Tests.Count); // the user's tests count as not run, never as absent
            Assert.Equal(0, report.Passed);
        }
    }
}
