using FlowLens.Core.Tasks;

namespace FlowLens.LanguageServer.Documents;

/// <summary>
/// An immutable document text with its line starts, so that LSP positions (line, UTF-16 column) map to string
/// offsets without rescanning. Line breaks are <c>\n</c>, <c>\r\n</c> and <c>\r</c>, as LSP defines them.
/// </summary>
internal sealed class DocumentText
{
    private readonly int[] _lineStarts;

    public DocumentText(string text)
    {
        Text = text;
        _lineStarts = ComputeLineStarts(text);
    }

    public string Text { get; }

    public int LineCount => _lineStarts.Length;

    /// <summary>
    /// The string offset of a position. Out-of-range lines clamp to the end of the text and out-of-range
    /// characters to the end of their line (the LSP rule), so a stale client position cannot throw.
    /// </summary>
    public int OffsetOf(TextPosition position)
    {
        if (position.Line < 0)
        {
            return 0;
        }

        if (position.Line >= _lineStarts.Length)
        {
            return Text.Length;
        }

        var start = _lineStarts[position.Line];
        var end = LineContentEnd(position.Line);
        return Math.Clamp(start + Math.Max(position.Character, 0), start, end);
    }

    /// <summary>Applies changes in order; each change's range refers to the text the previous one produced.</summary>
    public DocumentText Apply(IReadOnlyList<DocumentChange> changes)
    {
        var current = this;
        foreach (var change in changes)
        {
            current = current.Apply(change);
        }

        return current;
    }

    public DocumentText Apply(DocumentChange change)
    {
        if (change.Range is not { } range)
        {
            return new DocumentText(change.Text);
        }

        var start = OffsetOf(range.Start);
        var end = Math.Max(start, OffsetOf(range.End));
        return new DocumentText(string.Concat(Text.AsSpan(0, start), change.Text, Text.AsSpan(end)));
    }

    private int LineContentEnd(int line)
    {
        if (line + 1 >= _lineStarts.Length)
        {
            return Text.Length;
        }

        // Step back over the line break; "\r\n" is one break of two characters.
        var end = _lineStarts[line + 1];
        if (Text[end - 1] == '\n')
        {
            end--;
        }

        if (end > _lineStarts[line] && Text[end - 1] == '\r')
        {
            end--;
        }

        return end;
    }

    private static int[] ComputeLineStarts(string text)
    {
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
}
