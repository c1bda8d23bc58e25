using System.Text.RegularExpressions;

namespace FlowLens.Core.Workflows;

/// <summary>Fills <c>{{name}}</c> placeholders; unknown placeholders become empty so a template typo never reaches the model verbatim.</summary>
public static partial class PromptTemplate
{
    public static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var filled = Placeholder().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : string.Empty);
        return BlankRuns().Replace(filled, "\n\n").Trim();
    }

    [GeneratedRegex(@"\{\{\s*([a-z_]+)\s*\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankRuns();
}
