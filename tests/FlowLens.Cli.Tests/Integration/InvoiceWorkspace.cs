namespace FlowLens.Cli.Tests.Integration;

/// <summary>
/// A private copy of the invoice fixture (<c>tests/fixtures/context/invoice</c>: three projects, the task's answer
/// needs code from other members, files and projects), deleted on dispose.
/// </summary>
internal sealed class InvoiceWorkspace : IDisposable
{
    private static readonly string Fixture = Path.Combine(FlowLensProcess.RepoRoot, "tests", "fixtures", "context", "invoice");

    public InvoiceWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("flowlens-context-invoice").FullName;
        foreach (var file in Directory.EnumerateFiles(Fixture, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(Root, Path.GetRelativePath(Fixture, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        TaskFile = Path.Combine(Root, "src", "Billing", "Invoice.cs");
        TaskLine = Array.FindIndex(File.ReadAllLines(TaskFile), l => l.Contains("// TASK:", StringComparison.Ordinal)) + 1;
    }

    public string Root { get; }

    /// <summary>The file holding the task comment.</summary>
    public string TaskFile { get; }

    /// <summary>The 1-based line of the task comment.</summary>
    public int TaskLine { get; }

    /// <summary>What the answer needs to have seen: the invoice's private list and currency field, its rounding helper, the two records and the percentage extension from the other project.</summary>
    public static readonly string[] Needed =
    [
        "private readonly List<InvoiceLine> _lines",
        "private readonly string _currency;",
        "private static decimal RoundCents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);",
        "public sealed record InvoiceLine(string Sku, int Quantity, decimal UnitPrice);",
        "public sealed record InvoiceTotal(decimal Net, decimal Tax, decimal Gross, string Currency)",
        "public static decimal PercentOf(this decimal amount, decimal percent);",
    ];

    /// <summary>The right body, which only a model shown <see cref="Needed"/> can write.</summary>
    public const string Informed = """
        ```csharp
        {
            var net = RoundCents(_lines.Sum(line => line.Quantity * line.UnitPrice));
            var tax = RoundCents(net.PercentOf(TaxPercent));
            return new InvoiceTotal(net, tax, net + tax, _currency);
        }
        ```
        """;

    /// <summary>What a model without the workspace writes: names guessed from the task text.</summary>
    public const string Guessed = """
        ```csharp
        {
            var net = Math.Round(Lines.Sum(line => line.Quantity * line.Price), 2);
            var tax = Math.Round(net * TaxRate / 100m, 2);
            return new InvoiceTotal(net, tax, net + tax, Currency);
        }
        ```
        """;

    /// <summary>The answer of a model that can use only what its prompt shows.</summary>
    public static string Answer(string prompt) => Needed.All(n => prompt.Contains(n, StringComparison.Ordinal)) ? Informed : Guessed;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is under the system's temp directory.
        }
    }
}
