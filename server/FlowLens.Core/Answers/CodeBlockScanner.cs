namespace FlowLens.Core.Answers;

/// <summary>
/// Finds Markdown fenced blocks (<c>```</c> or <c>~~~</c>, any info string), also when indented inside list items.
/// Expects text with <c>\n</c> line endings.
/// </summary>
public static class CodeBlockScanner
{
    public static IReadOnlyList<CodeBlock> Scan(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var blocks = new List<CodeBlock>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!TryOpen(lines[i], out var indent, out var fence, out var language))
            {
                continue;
            }

            var content = new List<string>();
            var terminated = false;
            for (i++; i < lines.Length; i++)
            {
                var trimmed = lines[i].Trim();
                if (trimmed.Length >= fence.Length && trimmed.StartsWith(fence, StringComparison.Ordinal) && trimmed.Trim(fence[0]).Length == 0)
                {
                    terminated = true;
                    break;
                }

                content.Add(Dedent(lines[i], indent));
            }

            blocks.Add(new CodeBlock(string.Join("\n", content), language, terminated));
        }

        return blocks;
    }

    private static bool TryOpen(string line, out int indent, out string fence, out string language)
    {
        var trimmed = line.TrimStart();
        indent = line.Length - trimmed.Length;
        fence = string.Empty;
        language = string.Empty;

        // A list item's marker may precede the fence on the same line ("1. ```csharp").
        if (trimmed.Length > 0 && (char.IsDigit(trimmed[0]) || trimmed[0] is '-' or '*' or '+'))
        {
            var marker = trimmed.IndexOf("```", StringComparison.Ordinal);
            if (marker > 0 && marker <= 4 && trimmed[..marker].Trim().TrimEnd('.', ')').All(c => char.IsDigit(c) || c is '-' or '*' or '+'))
            {
                indent += marker;
                trimmed = trimmed[marker..];
            }
        }

        var c = trimmed.Length > 0 ? trimmed[0] : '\0';
        if (c is not ('`' or '~'))
        {
            return false;
        }

        var length = trimmed.TakeWhile(x => x == c).Count();
        if (length < 3)
        {
            return false;
        }

        fence = new string(c, length);
        var info = trimmed[length..].Trim();
        if (info.Contains(fence, StringComparison.Ordinal))
        {
            return false; // an inline span such as ```x```, not a block
        }

        language = info.Split(' ', '{', ',')[0].ToLowerInvariant();
        return true;
    }

    private static string Dedent(string line, int indent)
    {
        var remove = 0;
        while (remove < indent && remove < line.Length && line[remove] is ' ' or '\t')
        {
            remove++;
        }

        return line[remove..];
    }
}
