using FlowLens.Cli.Bench;
using FlowLens.Core.Evaluation;
using FlowLens.Sandbox;

namespace FlowLens.Cli.Tests.Integration;

/// <summary>
/// The benchmark's suite loader and the sandbox together must let a correct solution pass and a wrong one fail,
/// on real HumanEval-C# problems, including those whose asserts compare lists with <c>.Equals</c>.
/// </summary>
public sealed class SuiteKnownAnswerTests
{
    private static readonly string Suite = Path.Combine(FlowLensProcess.RepoRoot, "..", "shared", "suites", "humaneval-cs", "humaneval-cs-reworded.jsonl");

    public static TheoryData<string, string, string> KnownAnswers() => new()
    {
        { "HumanEval_0_has_close_elements", "{ for (var i = 0; i < numbers.Count; i++) for (var j = i + 1; j < numbers.Count; j++) if (Math.Abs(numbers[i] - numbers[j]) < threshold) return true; return false; }", "{ return false; }" },
        { "HumanEval_2_truncate_number", "{ return number - (float)Math.Floor(number); }", "{ return number; }" },
        { "HumanEval_30_get_positive", "{ return l.Where(x => x > 0).ToList(); }", "{ return l; }" },
        { "HumanEval_34_unique", "{ return l.Distinct().OrderBy(x => x).ToList(); }", "{ return l.Distinct().ToList(); }" },
    };

    [Theory]
    [MemberData(nameof(KnownAnswers))]
    public async Task Correct_passes_every_assert_and_wrong_fails_some(string name, string correct, string wrong)
    {
        var task = SuiteLoader.LoadJsonl(Suite).Single(t => t.Name == name);
        using var pool = new SandboxPool(SandboxOptions.Default with { PoolSize = 1 });
        var evaluator = new SandboxCandidateEvaluator(pool);

        var good = await evaluator.EvaluateAsync(new EvaluationRequest(task.Graded.ForGrading(), correct), CancellationToken.None);
        var bad = await evaluator.EvaluateAsync(new EvaluationRequest(task.Graded.ForGrading(), wrong), CancellationToken.None);

        Assert.True(good.Compiled, string.Join("\n", good.Diagnostics));
        Assert.True(good.Tests.Count > 0);
        Assert.All(good.Tests, t => Assert.True(t.Outcome == TestOutcome.Passed, $"{t.Name}: {t.Outcome} {t.Message}"));
        Assert.True(bad.Compiled, string.Join("\n", bad.Diagnostics));
        Assert.Contains(bad.Tests, t => t.Outcome == TestOutcome.Failed);
    }
}
