using FlowLens.Core.Context;
using FlowLens.Core.Tasks;
using FlowLens.Workspace.Context;
using Microsoft.CodeAnalysis;

namespace FlowLens.Workspace.Tests;

/// <summary>
/// Context assembly on the invoice fixture (two library projects and a test project): what is shown, what is cut,
/// and that the text matches the approved snapshot under <c>tests/fixtures/context/snapshots</c>.
/// Set <c>FLOWLENS_APPROVE=1</c> to write a changed snapshot after reading the difference.
/// </summary>
public sealed class ContextAssemblerTests
{
    private static readonly string Invoice = FixtureSolution.Fixture("invoice");

    [Fact]
    public async Task Invoice_total_shows_the_fields_helper_records_extensions_tests_and_a_call_site()
    {
        var context = await AssembleAsync(FixtureSolution.Load(Invoice), "Invoice.cs", "Total");
        await Snapshot.VerifyAsync("invoice-total", context);
        var text = context.Text;

        // The enclosing type: usings, namespace, both partial parts' members, the private state and helper.
        Assert.StartsWith(TaskContext.Heading, text, StringComparison.Ordinal);
        Assert.Contains("using Billing.Model;", text, StringComparison.Ordinal);
        Assert.Contains("namespace Billing;", text, StringComparison.Ordinal);
        Assert.Contains("public sealed class Invoice : IFormattable", text, StringComparison.Ordinal);
        Assert.Contains("private readonly List<InvoiceLine> _lines = new();", text, StringComparison.Ordinal);
        Assert.Contains("private readonly string _currency;", text, StringComparison.Ordinal);
        Assert.Contains("private static decimal RoundCents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);", text, StringComparison.Ordinal);
        Assert.Contains("_currency = currency;", text, StringComparison.Ordinal);
        Assert.Contains("public InvoiceTotal Total() { /* the method being written */ }", text, StringComparison.Ordinal);
        Assert.Contains("public void PostTo(Ledger<InvoiceTotal> ledger);", text, StringComparison.Ordinal);
        Assert.DoesNotContain("throw new NotImplementedException", text, StringComparison.Ordinal);

        // A long private helper is a signature; the nested class shows its accessible members only.
        Assert.Contains("private string Banner();", text, StringComparison.Ordinal);
        Assert.Contains("public sealed class Layout", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Margin()", text, StringComparison.Ordinal);

        // Records from the other project in full; the generic class as signatures without bodies or private members.
        Assert.Contains("public sealed record InvoiceLine(string Sku, int Quantity, decimal UnitPrice);", text, StringComparison.Ordinal);
        Assert.Contains("public bool IsZero => Gross == 0m;", text, StringComparison.Ordinal);
        Assert.Contains("public sealed class Ledger<TEntry> where TEntry : notnull", text, StringComparison.Ordinal);
        Assert.Contains("public void Post(TEntry entry);", text, StringComparison.Ordinal);
        Assert.DoesNotContain("_entries.Add", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Clear()", text, StringComparison.Ordinal);

        // Extension methods on decimal and on the records, not the unrelated string extension.
        Assert.Contains("public static decimal PercentOf(this decimal amount, decimal percent);", text, StringComparison.Ordinal);
        Assert.DoesNotContain("NextBusinessDay", text, StringComparison.Ordinal);

        // The tests that call Total, and the call site in Reports; the huge unrelated catalog is not there.
        Assert.Equal(3, context.Count(ContextItemKind.Test));
        Assert.Contains("public void Half_cents_round_away_from_zero()", text, StringComparison.Ordinal);
        Assert.Single(context.Included, i => i.Kind == ContextItemKind.CallSite && i.Text == "var total = invoice.Total();");
        Assert.DoesNotContain("Catalog", text, StringComparison.Ordinal);
        Assert.Empty(context.Cut);
        Assert.True(context.Tokens <= context.BudgetTokens);
    }

    [Fact]
    public async Task A_huge_class_is_trimmed_to_the_budget_and_says_what_was_cut()
    {
        var options = ContextAssemblyOptions.Default with { Budget = new ContextBudget(600) };
        var context = await AssembleAsync(FixtureSolution.Load(Invoice), "Catalog.cs", "PriceOf", options);

        await Snapshot.VerifyAsync("catalog-budget-600", context);
        Assert.True(context.Tokens <= 600, $"{context.Tokens} tokens");
        Assert.Equal(EstimatedTokenCounter.Instance.Count(context.Text), context.Tokens);
        var text = context.Text;
        Assert.Contains("private readonly Dictionary<string, decimal> _prices = new();", text, StringComparison.Ordinal);
        Assert.Contains("private static decimal Zero() => 0m;", text, StringComparison.Ordinal);
        Assert.Contains("public decimal PriceOf(string sku) { /* the method being written */ }", text, StringComparison.Ordinal);

        // The first signatures stay (file order), the last go first.
        Assert.Contains("public decimal PriceOfItem000(int quantity);", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PriceOfItem199", text, StringComparison.Ordinal);
        var cut = context.Cut[0];
        Assert.Equal(ContextItemKind.EnclosingType, cut.Kind);
        Assert.Contains("PriceOfItem199", cut.Text, StringComparison.Ordinal);
        Assert.Contains("piece(s) cut for the budget", context.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_budget_for_the_tests_they_are_cut_and_smaller_pieces_still_fit()
    {
        var full = await AssembleAsync(FixtureSolution.Load(Invoice), "Invoice.cs", "Total");
        var withoutTests = full.Included.Where(i => i.Kind != ContextItemKind.Test).Sum(i => i.Tokens + 1) + 20;
        var options = ContextAssemblyOptions.Default with { Budget = new ContextBudget(withoutTests) };

        var context = await AssembleAsync(FixtureSolution.Load(Invoice), "Invoice.cs", "Total", options);

        Assert.True(context.Tokens <= withoutTests);
        Assert.Equal(ContextItemKind.Test, context.Cut[0].Kind);
        Assert.Contains(context.Included, i => i.Kind == ContextItemKind.CallSite);
    }

    [Fact]
    public async Task Hidden_test_files_are_never_shown()
    {
        var solution = FixtureSolution.Load(Invoice);
        var tests = Path.Combine(Invoice, "tests", "Billing.Tests", "InvoiceTests.cs");
        var hidden = new TaskTests.Workspace(Invoice, new HashSet<string>(StringComparer.Ordinal) { tests });

        var workspaceContext = await AssembleAsync(solution, "Invoice.cs", "Total", tests: hidden);
        var benchContext = await AssembleAsync(solution, "Invoice.cs", "Total", tests: new TaskTests.Program("public static void Main() { }"));

        foreach (var context in new[] { workspaceContext, benchContext })
        {
            Assert.Equal(0, context.Count(ContextItemKind.Test));
            Assert.DoesNotContain("Half_cents", context.Text, StringComparison.Ordinal);
            Assert.Contains("3 test(s) hidden by the task", context.Notes);
        }
    }

    [Fact]
    public async Task The_same_solution_gives_the_same_text_whatever_the_project_order()
    {
        var first = await AssembleAsync(FixtureSolution.Load(Invoice), "Invoice.cs", "Total");
        var again = await AssembleAsync(FixtureSolution.Load(Invoice), "Invoice.cs", "Total");
        var reversed = await AssembleAsync(FixtureSolution.Load(Invoice, reverseProjectOrder: true), "Invoice.cs", "Total");

        Assert.Equal(first.Text, again.Text);
        Assert.Equal(first.Text, reversed.Text);
    }

    [Fact]
    public async Task Unsaved_editor_text_wins_over_the_loaded_snapshot()
    {
        var solution = FixtureSolution.Load(Invoice);
        var path = Path.Combine(Invoice, "src", "Billing", "Invoice.cs");
        var edited = (await File.ReadAllTextAsync(path)).Replace("private readonly string _currency;", "private readonly string _currencyCode;", StringComparison.Ordinal)
            .Replace("_currency = currency;", "_currencyCode = currency;", StringComparison.Ordinal);

        var context = await AssembleAsync(solution, "Invoice.cs", "Total", text: edited);

        Assert.Contains("private readonly string _currencyCode;", context.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_outside_the_solution_gets_an_empty_context_with_the_reason()
    {
        var source = "class A\n{\n    // TASK: nothing\n    public int F() => 0;\n}\n";
        var target = new TaskTarget("/nowhere/A.cs", source, TaskLocator.Find(source).Single(), new TaskTests.None());

        var context = await new SolutionContextSource(() => FixtureSolution.Load(Invoice), ContextAssemblyOptions.Default).AssembleAsync(target, CancellationToken.None);

        Assert.Empty(context.Included);
        Assert.Equal("none (A.cs is in no loaded project)", context.Summary);
        Assert.Equal(string.Empty, context.Text);
    }

    internal static async Task<TaskContext> AssembleAsync(Solution solution, string file, string method, ContextAssemblyOptions? options = null, TaskTests? tests = null, string? text = null)
    {
        var path = solution.Projects.SelectMany(p => p.Documents).Select(d => d.FilePath).OfType<string>().Single(p => Path.GetFileName(p) == file);
        text ??= await File.ReadAllTextAsync(path);
        var site = TaskLocator.Find(text).Single(s => s.MethodName == method);
        var target = new TaskTarget(path, text, site, tests ?? new TaskTests.Workspace(Invoice));
        return await new SolutionContextSource(() => solution, options ?? ContextAssemblyOptions.Default).AssembleAsync(target, CancellationToken.None);
    }
}
