using FlowLens.Core.Tasks;
using Microsoft.CodeAnalysis.Text;

namespace FlowLens.LanguageServer.Documents;

/// <summary>
/// An immutable document text: a Roslyn <see cref="SourceText"/>, which edits share structure with and which a syntax
/// tree can be reparsed against incrementally, and the start offset of every LSP line. The table is ours, not
/// <see cref="SourceText.Lines"/>: LSP lines end only at <c>\n</c>, <c>\r\n</c> and <c>\r</c>, while Roslyn's also
/// end at U+2028, U+2029 and U+0085, so Roslyn's line numbers drift from the client's after such a character.
/// Characters are UTF-16 code units in both.
/// </summary>
internal sealed class DocumentText
{
    private readonly int[] _lineStarts;
    private string? _text;

    public DocumentText(string text)
        : this(SourceText.From(text), EditorLines.Starts(text))
    {
        _text = text;
    }

    private DocumentText(SourceText source, int[] lineStarts)
    {
        Source = source;
        _lineStarts = lineStarts;
    }

    public SourceText Source { get; }

    /// <summary>The text as one string, built on first use: edits keep the text in shared segments, and most versions are never read whole.</summary>
    public string Text => _text ??= Source.ToString();

    public int Length => Source.Length;

    public int LineCount => _lineStarts.Length;

    /// <summary>
    /// The offset of an LSP position. Out-of-range lines clamp to the end of the text and out-of-range characters to
    /// the end of their line (the LSP rule), so a stale client position cannot throw.
    /// </summary>
    public int OffsetOf(TextPosition position)
    {
        if (position.Line < 0)
        {
            return 0;
        }

        if (position.Line >= _lineStarts.Length)
        {
            return Source.Length;
        }

        var start = _lineStarts[position.Line];
        var end = LineContentEnd(position.Line);
        return Math.Clamp(start + Math.Max(position.Character, 0), start, end);
    }

    /// <summary>The LSP position of an offset (clamped to the text).</summary>
    public TextPosition PositionOf(int offset)
    {
        offset = Math.Clamp(offset, 0, Source.Length);
        var line = LineOf(offset);
        return new TextPosition(line, offset - _lineStarts[line]);
    }

    /// <summary>The LSP line's text without its line break; empty for a line past the end.</summary>
    public string LineText(int line) =>
        line < 0 || line >= _lineStarts.Length ? string.Empty : Source.ToString(TextSpan.FromBounds(_lineStarts[line], LineContentEnd(line)));

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

    /// <summary>
    /// Applies one change as a Roslyn <see cref="TextChange"/>, so the new text remembers what changed and a tree of an
    /// earlier version can be reparsed only there; the line table is patched around the change rather than rebuilt.
    /// </summary>
    public DocumentText Apply(DocumentChange change)
    {
        if (change.Range is not { } range)
        {
            return new DocumentText(change.Text);
        }

        var start = OffsetOf(range.Start);
        var end = Math.Max(start, OffsetOf(range.End));
        var source = Source.WithChanges(new TextChange(TextSpan.FromBounds(start, end), change.Text));
        return new DocumentText(source, PatchLineStarts(start, end, change.Text));
    }

    /// <summary>
    /// The line table after replacing [<paramref name="start"/>, <paramref name="end"/>) by <paramref name="inserted"/>.
    /// Whether offset p starts a line depends only on the characters at p - 1 and p, so starts before the change keep
    /// their offsets, starts after the replaced text shift by the length difference, and only offsets from the change
    /// start to the end of the inserted text are decided again. That window includes both edges, where a <c>\r</c> and a
    /// <c>\n</c> can join into one break or split into two.
    /// </summary>
    private int[] PatchLineStarts(int start, int end, string inserted)
    {
        var before = LowerBound(start);
        var after = UpperBound(end);
        var delta = inserted.Length - (end - start);
        var newLength = Source.Length + delta;
        var insertedEnd = start + inserted.Length;

        // The character at a new-text offset, read from the old text or the inserted string; -1 past the end.
        int CharAt(int offset) =>
            offset < 0 || offset >= newLength ? -1
            : offset < start ? Source[offset]
            : offset < insertedEnd ? inserted[offset - start]
            : Source[offset - delta];

        var window = new List<int>();
        if (start == 0)
        {
            window.Add(0);
        }

        for (var p = Math.Max(start, 1); p <= insertedEnd; p++)
        {
            var previous = CharAt(p - 1);
            if (previous == '\n' || (previous == '\r' && CharAt(p) != '\n'))
            {
                window.Add(p);
            }
        }

        var lineStarts = new int[before + window.Count + (_lineStarts.Length - after)];
        Array.Copy(_lineStarts, lineStarts, before);
        window.CopyTo(lineStarts, before);
        for (int i = after, j = before + window.Count; i < _lineStarts.Length; i++, j++)
        {
            lineStarts[j] = _lineStarts[i] + delta;
        }

        return lineStarts;
    }

    private int LineContentEnd(int line)
    {
        if (line + 1 >= _lineStarts.Length)
        {
            return Source.Length;
        }

        // Step back over the line break; "\r\n" is one break of two characters.
        var end = _lineStarts[line + 1];
        if (Source[end - 1] == '\n')
        {
            end--;
        }

        if (end > _lineStarts[line] && Source[end - 1] == '\r')
        {
            end--;
        }

        return end;
    }

    /// <summary>The line holding <paramref name="offset"/>: the last line start at or before it.</summary>
    private int LineOf(int offset) => UpperBound(offset) - 1;

    /// <summary>The index of the first line start at or after <paramref name="offset"/>.</summary>
    private int LowerBound(int offset)
    {
        var index = Array.BinarySearch(_lineStarts, offset);
        return index >= 0 ? index : ~index;
    }

    /// <summary>The index of the first line start after <paramref name="offset"/>.</summary>
    private int UpperBound(int offset)
    {
        var index = Array.BinarySearch(_lineStarts, offset);
        return index >= 0 ? index + 1 : ~index;
    }
}
