using FlowLens.LanguageServer.Protocol;

namespace FlowLens.LanguageServer.Tests.Infrastructure;

/// <summary>
/// LSP text edits on a plain string, written as simply as possible to check the server's document against: lines end
/// at <c>\n</c>, <c>\r\n</c> and <c>\r</c> only, characters are UTF-16 code units, and positions past a line's end or
/// the text's end clamp (LSP 3.17).
/// </summary>
internal static class ReferenceText
{
    public static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var isBreakEnd = text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n'));
            if (isBreakEnd)
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    /// <summary>Where a line's text ends, before its line break.</summary>
    public static int ContentEnd(string text, int lineStart)
    {
        var end = lineStart;
        while (end < text.Length && text[end] is not ('\r' or '\n'))
        {
            end++;
        }

        return end;
    }

    public static int Offset(string text, Position position)
    {
        var starts = LineStarts(text);
        if (position.Line < 0)
        {
            return 0;
        }

        if (position.Line >= starts.Count)
        {
            return text.Length;
        }

        var start = starts[position.Line];
        return Math.Min(start + Math.Max(0, position.Character), ContentEnd(text, start));
    }

    public static Position PositionOf(string text, int offset)
    {
        var starts = LineStarts(text);
        var line = starts.FindLastIndex(s => s <= offset);
        return new Position(line, offset - starts[line]);
    }

    public static string Apply(string text, TextDocumentContentChangeEvent change)
    {
        if (change.Range is null)
        {
            return change.Text;
        }

        var start = Offset(text, change.Range.Start);
        var end = Math.Max(start, Offset(text, change.Range.End));
        return text[..start] + change.Text + text[end..];
    }
}
