namespace FlowLens.Sandbox.Tests.Frameworks;

/// <summary>Where the body of the fixtures' target method, <c>PriceCalculator.Total</c>, lies, and the file with another body.</summary>
internal static class PriceCalculatorSource
{
    private const string Signature = "public decimal Total(decimal net, string region)";

    /// <summary>The body's lines: from after the opening brace's line to the closing brace's line.</summary>
    public static (int Start, int Length) Body(string text)
    {
        var open = text.IndexOf('{', text.IndexOf(Signature, StringComparison.Ordinal));
        var start = text.IndexOf('\n', open) + 1;
        var end = text.IndexOf("\n    }", start, StringComparison.Ordinal) + 1;
        return (start, end - start);
    }

    public static string WithBody(string text, string body)
    {
        var (start, length) = Body(text);
        return string.Concat(text.AsSpan(0, start), body, text.AsSpan(start + length));
    }
}
