using System.Globalization;
using System.Text;

namespace FlowLens.Core.Context;

/// <summary>
/// The workspace context assembled for one task: the pieces shown (in prompt order), the pieces cut to stay within
/// the budget, and how they were counted.
/// </summary>
/// <param name="Included">The pieces shown, in the order they appear.</param>
/// <param name="Cut">The pieces left out for the budget, most relevant first.</param>
/// <param name="Tokens">What the rendered <see cref="Text"/> counts.</param>
/// <param name="BudgetTokens">The budget it was assembled for.</param>
/// <param name="Counter">How tokens were counted.</param>
/// <param name="ExactCount">True when counted with the model's tokenizer.</param>
/// <param name="Notes">What the assembler could not do (no workspace, a file outside it), in words.</param>
public sealed record TaskContext(
    IReadOnlyList<ContextItem> Included,
    IReadOnlyList<ContextItem> Cut,
    int Tokens,
    int BudgetTokens,
    string Counter,
    bool ExactCount,
    IReadOnlyList<string> Notes)
{
    public const string Heading = "Workspace code (read it; your code may use it):";

    public static TaskContext Empty { get; } = new([], [], 0, 0, "none", false, []);

    /// <summary>A context that could not be assembled, with the reason.</summary>
    public static TaskContext Unavailable(string reason) => Empty with { Notes = [reason] };

    /// <summary>The prompt block: a heading and each piece under its title; empty when nothing was assembled.</summary>
    public string Text => Render(Included);

    /// <summary>How many pieces of a kind are shown.</summary>
    public int Count(ContextItemKind kind) => Included.Count(i => i.Kind == kind);

    /// <summary>One line for the meta-agent and the reports: what is shown and how large it is.</summary>
    public string Summary
    {
        get
        {
            if (Included.Count == 0)
            {
                return Notes.Count > 0 ? "none (" + string.Join("; ", Notes) + ")" : "none";
            }

            var types = Count(ContextItemKind.EnclosingType) + Count(ContextItemKind.Type);
            var text = string.Create(
                CultureInfo.InvariantCulture,
                $"{types} type(s), {Count(ContextItemKind.Extensions)} extension class(es), {Count(ContextItemKind.Test)} test(s), {Count(ContextItemKind.CallSite)} call site(s); {Tokens} of {BudgetTokens} tokens ({(ExactCount ? "model tokenizer" : "estimated")})");
            return Cut.Count == 0 ? text : text + string.Create(CultureInfo.InvariantCulture, $"; {Cut.Count} piece(s) cut for the budget");
        }
    }

    /// <summary>Renders pieces as a prompt block; the assembler counts with the same rendering it returns.</summary>
    public static string Render(IEnumerable<ContextItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var text = new StringBuilder();
        foreach (var item in items)
        {
            text.Append(text.Length == 0 ? Heading + "\n\n" : "\n");
            text.Append(Section(item.Title, item.Text));
        }

        return text.ToString();
    }

    /// <summary>One piece as it appears in the block (its heading and its code).</summary>
    public static string Section(string title, string code) => $"// {title}\n{code.TrimEnd()}\n";
}
