using Microsoft.CodeAnalysis.Text;

namespace FlowLens.Core.Tasks;

/// <summary>
/// Lines as editors and the LSP count them: ended by <c>\n</c>, <c>\r\n</c> or <c>\r</c> only. Roslyn's lines (those of
/// <see cref="TextPosition"/>) also end at U+2028, U+2029 and U+0085, so a line number a user types or reads must be
/// mapped through these before it meets <see cref="TaskLocator"/>.
/// </summary>
public static class EditorLines
{
    /// <summary>The offset at which each editor line starts; the first is 0.</summary>
    public static int[] Starts(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var starts = new List<int>(Math.Max(16, text.Length / 32)) { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                starts.Add(i + 1);
            }
            else if (c == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }

    /// <summary>The Roslyn line holding the start of zero-based editor line <paramref name="editorLine"/>; -1 when the text has no such line.</summary>
    public static int ToRoslynLine(string text, int editorLine)
    {
        var starts = Starts(text);
        return editorLine < 0 || editorLine >= starts.Length ? -1 : SourceText.From(text).Lines.GetLineFromPosition(starts[editorLine]).LineNumber;
    }

    /// <summary>The zero-based editor line holding the start of Roslyn line <paramref name="roslynLine"/> (clamped to the text).</summary>
    public static int FromRoslynLine(string text, int roslynLine)
    {
        var lines = SourceText.From(text).Lines;
        var offset = lines[Math.Clamp(roslynLine, 0, lines.Count - 1)].Start;
        var index = Array.BinarySearch(Starts(text), offset);
        return index >= 0 ? index : ~index - 1;
    }
}
