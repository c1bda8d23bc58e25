using FlowLens.Core.Tasks;

namespace FlowLens.Workspace.Tests;

public sealed class ReferenceTestSelectorTests(RestoredSelectionFixture fixture) : IClassFixture<RestoredSelectionFixture>
{
    private string AccountFile => Path.Combine(fixture.Root, "Ledger", "Account.cs");

    [Fact]
    public async Task Tests_that_reach_the_method_through_helpers_are_selected_and_a_comment_is_not_a_reference()
    {
        using var views = new SolutionViewCache();
        var selection = await new ReferenceTestSelector(views).SelectAsync(fixture.Root, AccountFile, "Deposit", BodyStartOf("Deposit"), CancellationToken.None);

        Assert.NotNull(selection);
        Assert.Equal(
            [
                "Ledger.Tests.DepositTests.A_deposit_raises_the_balance",
                "Ledger.Tests.DepositTests.A_deposit_that_is_not_positive_is_refused",
                "Ledger.Tests.StatementTests+Empty.An_account_without_entries_has_a_zero_balance",
                "Ledger.Tests.StatementTests.The_balance_sums_every_entry",
            ],
            selection.Tests.Select(t => t.FullyQualifiedName).Order(StringComparer.Ordinal));
        Assert.All(selection.Tests, t => Assert.Equal(Path.Combine(fixture.Root, "Ledger.Tests", "Ledger.Tests.csproj"), t.ProjectPath));
        Assert.Contains(selection.Tests, t => t.FilePath.EndsWith("StatementTests.cs", StringComparison.Ordinal));
        Assert.Contains("tests selected with Roslyn", selection.How, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Direct_callers_only_are_selected_and_a_file_outside_the_view_gets_no_selection()
    {
        using var views = new SolutionViewCache();
        var selection = await new ReferenceTestSelector(views).SelectAsync(fixture.Root, AccountFile, "Count", BodyStartOf("Count"), CancellationToken.None);

        Assert.NotNull(selection);
        Assert.Equal(["Ledger.Tests.CountTests.A_new_account_counts_no_entries"], selection.Tests.Select(t => t.FullyQualifiedName));
        Assert.Null(await new ReferenceTestSelector(views).SelectAsync(fixture.Root, Path.Combine(fixture.Root, "Elsewhere.cs"), "Deposit", new TextPosition(0, 0), CancellationToken.None));
    }

    [Fact]
    public async Task Unsaved_editor_text_changes_the_selection_until_the_file_is_closed()
    {
        using var views = new SolutionViewCache();
        var editor = new SolutionViewDocuments(views);
        var selector = new ReferenceTestSelector(views);
        var tests = Path.Combine(fixture.Root, "Ledger.Tests", "CountTests.cs");
        var edited = (await File.ReadAllTextAsync(tests)).Replace("Assert.Equal(0, new Account().Count());", "var account = new Account(); account.Deposit(1m); Assert.Equal(1, account.Count());", StringComparison.Ordinal);

        // The text arrives before the view is loaded (as an editor opens files while MSBuild still loads), then after.
        editor.Opened(fixture.Root, tests, edited);
        var before = await selector.SelectAsync(fixture.Root, AccountFile, "Deposit", BodyStartOf("Deposit"), CancellationToken.None);
        editor.Closed(tests);
        var closed = await selector.SelectAsync(fixture.Root, AccountFile, "Deposit", BodyStartOf("Deposit"), CancellationToken.None);
        editor.Changed(tests, edited);
        var again = await selector.SelectAsync(fixture.Root, AccountFile, "Deposit", BodyStartOf("Deposit"), CancellationToken.None);

        const string counted = "Ledger.Tests.CountTests.A_new_account_counts_no_entries";
        Assert.Contains(counted, before!.Tests.Select(t => t.FullyQualifiedName));
        Assert.DoesNotContain(counted, closed!.Tests.Select(t => t.FullyQualifiedName));
        Assert.Contains(counted, again!.Tests.Select(t => t.FullyQualifiedName));
    }

    private TextPosition BodyStartOf(string method)
    {
        var lines = File.ReadAllLines(AccountFile);
        var line = Array.FindIndex(lines, l => l.Contains($" {method}(", StringComparison.Ordinal));
        return new TextPosition(line, lines[line].IndexOf(method, StringComparison.Ordinal));
    }
}
