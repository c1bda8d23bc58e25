using System.Text.Json;

namespace FlowLens.Cli.Tests.Integration;

/// <summary>
/// <c>flowlens run</c> as a real process on the invoice fixture, with a model that can use only what it is shown:
/// it writes the right body when the prompt shows the invoice's private list and currency field, its rounding
/// helper, the two records and the percentage extension from the other project, and otherwise guesses names from
/// the task text, as a model without the workspace would. The real sandbox runs the fixture's xunit tests.
/// </summary>
public sealed class WorkspaceContextEndToEndTests : IDisposable
{
    /// <summary>What the answer needs to have seen.</summary>
    private static readonly string[] Needed =
    [
        "private readonly List<InvoiceLine> _lines",
        "private readonly string _currency;",
        "private static decimal RoundCents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);",
        "public sealed record InvoiceLine(string Sku, int Quantity, decimal UnitPrice);",
        "public sealed record InvoiceTotal(decimal Net, decimal Tax, decimal Gross, string Currency)",
        "public static decimal PercentOf(this decimal amount, decimal percent);",
    ];

    private const string Informed = """
        ```csharp
        {
            var net = RoundCents(_lines.Sum(line => line.Quantity * line.UnitPrice));
            var tax = RoundCents(net.PercentOf(TaxPercent));
            return new InvoiceTotal(net, tax, net + tax, _currency);
        }
        ```
        """;

    private const string Guessed = """
        ```csharp
        {
            var net = Math.Round(Lines.Sum(line => line.Quantity * line.Price), 2);
            var tax = Math.Round(net * TaxRate / 100m, 2);
            return new InvoiceTotal(net, tax, net + tax, Currency);
        }
        ```
        """;

    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("flowlens-context-cache");
    private readonly List<DirectoryInfo> _workspaces = [];

    [Fact]
    public async Task The_invoice_total_passes_with_workspace_context_and_fails_without()
    {
        await using var model = new OpenAILoopbackModel(prompt => Needed.All(n => prompt.Contains(n, StringComparison.Ordinal)) ? Informed : Guessed);

        using var with = await RunAsync(model, []);
        using var without = await RunAsync(model, ["--context-tokens", "0"]);

        var tests = with.RootElement.GetProperty("tests");
        Assert.True(tests.GetProperty("compiled").GetBoolean(), tests.ToString());
        Assert.Equal(3, tests.GetProperty("total").GetInt32());
        Assert.Equal(3, tests.GetProperty("passed").GetInt32());
        var context = with.RootElement.GetProperty("context");
        Assert.Contains("3 test(s)", context.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.False(context.GetProperty("exactCount").GetBoolean());
        Assert.Contains(context.GetProperty("included").EnumerateArray(), i => i.GetProperty("title").GetString()!.StartsWith("Billing.Model.InvoiceTotal", StringComparison.Ordinal));

        var failed = without.RootElement.GetProperty("tests");
        Assert.False(failed.GetProperty("compiled").GetBoolean(), failed.ToString());
        Assert.Equal(0, failed.GetProperty("passed").GetInt32());
        Assert.Equal(JsonValueKind.Null, without.RootElement.GetProperty("context").ValueKind);
    }

    private async Task<JsonDocument> RunAsync(OpenAILoopbackModel model, string[] extra)
    {
        var workspace = Directory.CreateTempSubdirectory("flowlens-context-invoice");
        _workspaces.Add(workspace);
        var fixture = Path.Combine(FlowLensProcess.RepoRoot, "tests", "fixtures", "context", "invoice");
        foreach (var file in Directory.EnumerateFiles(fixture, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(workspace.FullName, Path.GetRelativePath(fixture, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        var invoice = Path.Combine(workspace.FullName, "src", "Billing", "Invoice.cs");
        var line = Array.FindIndex(await File.ReadAllLinesAsync(invoice), l => l.Contains("// TASK:", StringComparison.Ordinal)) + 1;
        string[] args = ["run", $"{invoice}:{line}", "--backend", "openai", "--openai-url", model.Url, "--openai-model", "scripted", "--composer", "prior-only", "--attribution", "off", "--json", .. extra];
        var (exit, stdout, stderr) = await FlowLensProcess.RunAsync(_cache.FullName, args);
        Assert.True(exit == 0, $"exit {exit}\n{stderr}\n{stdout}");
        return JsonDocument.Parse(stdout);
    }

    public void Dispose()
    {
        _cache.Delete(recursive: true);
        foreach (var workspace in _workspaces)
        {
            workspace.Delete(recursive: true);
        }
    }
}
