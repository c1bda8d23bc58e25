using System.Text.RegularExpressions;

namespace FlowLens.Core.Answers;

/// <summary>
/// Removes what reasoning models write before their answer: <c>&lt;think&gt;</c>, <c>&lt;thinking&gt;</c>,
/// <c>&lt;reasoning&gt;</c> and <c>&lt;reflection&gt;</c> blocks, <c>[THINK]</c> blocks, the harmony format's analysis
/// channel, and stray end-of-turn tokens. Code inside reasoning is a draft the model may have rejected, so it is
/// dropped with the rest.
/// </summary>
public static partial class ReasoningText
{
    /// <summary>The visible answer, and whether a reasoning block was still open when the text ended.</summary>
    public static (string Visible, bool EndedInsideReasoning) Strip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var visible = text;

        // Harmony (gpt-oss): the answer is the final channel; an analysis channel with no final one is all reasoning.
        var final = visible.LastIndexOf("<|channel|>final", StringComparison.Ordinal);
        if (final >= 0)
        {
            var message = visible.IndexOf("<|message|>", final, StringComparison.Ordinal);
            visible = message >= 0 ? visible[(message + "<|message|>".Length)..] : visible[(final + "<|channel|>final".Length)..];
        }
        else if (visible.Contains("<|channel|>analysis", StringComparison.Ordinal))
        {
            return (string.Empty, true);
        }

        visible = ClosedBlock().Replace(visible, string.Empty);

        // A chat template that opens the block itself leaves only the closing tag in the answer.
        var lone = LoneClose().Match(visible);
        if (lone.Success)
        {
            visible = visible[(lone.Index + lone.Length)..];
        }

        var open = OpenTag().Match(visible);
        var endedInside = false;
        if (open.Success)
        {
            visible = visible[..open.Index];
            endedInside = true;
        }

        visible = TurnTokens().Replace(visible, string.Empty);
        return (visible, endedInside && visible.Trim().Length == 0);
    }

    [GeneratedRegex(@"(<(?<tag>think|thinking|reasoning|reflection|thought)>|\[(?<tag>THINK)\]|◁(?<tag>think)▷).*?(</\k<tag>>|\[/\k<tag>\]|◁/\k<tag>▷)", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ClosedBlock();

    [GeneratedRegex(@"^.*(</(think|thinking|reasoning|reflection|thought)>|\[/THINK\]|◁/think▷)", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex LoneClose();

    [GeneratedRegex(@"<(think|thinking|reasoning|reflection|thought)>|\[THINK\]|◁think▷", RegexOptions.IgnoreCase)]
    private static partial Regex OpenTag();

    [GeneratedRegex(@"<\|(im_end|eot_id|end|return|endoftext|end_of_text)\|>|<｜end▁of▁sentence｜>")]
    private static partial Regex TurnTokens();
}
