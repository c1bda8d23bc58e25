using FlowLens.Core.Context;

namespace FlowLens.Workspace.Tests;

/// <summary>The assembler on the invoice fixture as MSBuild loads it (<see cref="SolutionView"/>), not only as an ad-hoc solution.</summary>
public sealed class MsBuildContextTests
{
    [Fact]
    public async Task The_msbuild_loaded_fixture_shows_the_same_workspace_code()
    {
        using var view = await SolutionView.OpenAsync(FixtureSolution.Fixture("invoice"), CancellationToken.None);
        Assert.Equal(["Billing", "Billing.Model", "Billing.Tests"], view.Current.Projects.Select(p => p.Name).Order(StringComparer.Ordinal));

        var context = await ContextAssemblerTests.AssembleAsync(view.Current, "Invoice.cs", "Total");

        var text = context.Text;
        Assert.Contains("private readonly List<InvoiceLine> _lines = new();", text, StringComparison.Ordinal);
        Assert.Contains("private static decimal RoundCents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);", text, StringComparison.Ordinal);
        Assert.Contains("public sealed record InvoiceLine(string Sku, int Quantity, decimal UnitPrice);", text, StringComparison.Ordinal);
        Assert.Contains("public sealed record InvoiceTotal(decimal Net, decimal Tax, decimal Gross, string Currency)", text, StringComparison.Ordinal);
        Assert.Equal(3, context.Count(ContextItemKind.Test));
        Assert.True(context.Tokens <= context.BudgetTokens);
    }
}
