using FlowLens.Core.Evaluation;
using FlowLens.Core.Projects;
using FlowLens.Core.Tasks;

namespace FlowLens.Sandbox.Tests;

/// <summary>
/// Which tests run for a candidate: those a selector names (tests reaching the method through a helper included), or
/// without one the test files that mention the method's name (a comment counts, a helper's callers do not).
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class TestSelectionTests(SandboxFixture sandbox)
{
    private static readonly string Root = Path.Combine(Paths.Fixtures, "workspace-model", "selection");
    private static readonly string AccountFile = Path.Combine(Root, "Ledger", "Account.cs");
    private static readonly string TestsProject = Path.Combine(Root, "Ledger.Tests", "Ledger.Tests.csproj");

    [Fact]
    public async Task A_selection_runs_the_files_of_its_tests_and_says_how_it_was_made()
    {
        var selection = new TestSelection(
            [
                new SelectedTest("Ledger.Tests.DepositTests.A_deposit_raises_the_balance", Path.Combine(Root, "Ledger.Tests", "DepositTests.cs"), TestsProject),
                new SelectedTest("Ledger.Tests.DepositTests.A_deposit_that_is_not_positive_is_refused", Path.Combine(Root, "Ledger.Tests", "DepositTests.cs"), TestsProject),
                new SelectedTest("Ledger.Tests.StatementTests.The_balance_sums_every_entry", Path.Combine(Root, "Ledger.Tests", "StatementTests.cs"), TestsProject),
                new SelectedTest("Ledger.Tests.StatementTests+Empty.An_account_without_entries_has_a_zero_balance", Path.Combine(Root, "Ledger.Tests", "StatementTests.cs"), TestsProject),
            ],
            "tests selected with Roslyn: scripted");

        var report = await Evaluate(new SandboxCandidateEvaluator(sandbox.Pool, null, new ScriptedTestSelector(selection)));

        Assert.True(report.Tests.Count == 5, string.Join("; ", report.Diagnostics.Concat(report.Tests.Select(t => $"{t.Name}: {t.Outcome}"))));
        Assert.All(report.Tests, t => Assert.Equal(TestOutcome.Passed, t.Outcome));
        Assert.Contains(report.Tests, t => t.Name.Contains("The_balance_sums_every_entry", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Tests, t => t.Name.Contains("CountTests", StringComparison.Ordinal));
        Assert.Contains("tests selected with Roslyn: scripted", report.Diagnostics);
    }

    [Fact]
    public async Task Without_a_view_the_files_that_name_the_method_run_and_the_report_says_so()
    {
        var report = await Evaluate(sandbox.Evaluator);

        Assert.Contains(report.Tests, t => t.Name.Contains("CountTests", StringComparison.Ordinal) && t.Outcome == TestOutcome.Failed);
        Assert.DoesNotContain(report.Tests, t => t.Name.Contains("StatementTests", StringComparison.Ordinal));
        Assert.Contains(report.Diagnostics, d => d.StartsWith("tests selected by name (no workspace view)", StringComparison.Ordinal));
    }

    private static Task<EvaluationReport> Evaluate(SandboxCandidateEvaluator evaluator)
    {
        var text = File.ReadAllText(AccountFile);
        var line = Array.FindIndex(text.Split('\n'), l => l.Contains(" Deposit(", StringComparison.Ordinal));
        var site = MethodLocator.FindAt(text, line)!;
        var body = CurrentBodyTestRunner.CurrentBody(text, site);
        var target = new TaskTarget(AccountFile, text, site, new TaskTests.Workspace(Root));
        return evaluator.EvaluateAsync(new EvaluationRequest(target, body), CancellationToken.None);
    }
}
