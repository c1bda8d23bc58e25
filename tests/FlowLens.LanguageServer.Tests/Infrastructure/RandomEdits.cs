using FlowLens.LanguageServer.Protocol;
using LspRange = FlowLens.LanguageServer.Protocol.Range;

namespace FlowLens.LanguageServer.Tests.Infrastructure;

/// <summary>
/// Random didChange notifications of the kinds an editor sends and the kinds that are easy to get wrong: insertions,
/// deletions and replacements; several changes in one notification, each against the text the previous one left;
/// positions at and past line ends, past the last line, on either side of <c>\r</c> and <c>\n</c>, and around and
/// inside surrogate pairs; text holding line breaks of every kind, U+2028, U+2029, U+0085, emoji and new tasks. Now
/// and then the whole text is replaced by <paramref name="restore"/> through a ranged change, so that the random
/// damage does not leave a file with no task in it for long.
/// </summary>
internal sealed class RandomEdits(Random random, string restore)
{
    /// <summary>Mostly text that keeps the file's structure; a few openers that do not (unclosed comments, strings, braces).</summary>
    private static readonly string[] Insertions =
    [
        "x", "total", " ", "\t", ";", "x😀y", "/* c */", "\"s\"", "( )", "{ }", "//",
        "\n", "\r", "\r\n", "\n\r", "\r\n\r\n", "\n", "\r\n",
        "😀", "\u2028", "\u2029", "\u0085", "a\u2028b", "/* note\u2029 */",
        "\n    // TASK: Return one.\n    public static int One() => 1;\n",
        "\r\n    /// <summary>TASK: Return two.</summary>\r\n    public static int Two() { return 2; }\r\n",
        "\r    /* TASK: Return three.\u2028   >>> Three()\r   3 */\r    static int Three() { return 3; }\r",
        "\n    // TASK: Return four.\u2028 Quickly.\n    static int Four() { return 4; }\n",
        "{", "/*", "\"", "@\"",
    ];

    public int MultiChangeNotifications { get; private set; }

    public int Restores { get; private set; }

    /// <summary>One notification's changes for a document whose text is <paramref name="text"/>.</summary>
    public IReadOnlyList<TextDocumentContentChangeEvent> Next(string text)
    {
        var count = random.Next(10) < 7 ? 1 : random.Next(2, 5);
        if (count > 1)
        {
            MultiChangeNotifications++;
        }

        var changes = new List<TextDocumentContentChangeEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var change = NextChange(text);
            changes.Add(change);
            text = ReferenceText.Apply(text, change);
        }

        return changes;
    }

    private TextDocumentContentChangeEvent NextChange(string text)
    {
        if (random.Next(15) == 0)
        {
            Restores++;
            return new TextDocumentContentChangeEvent(new LspRange(new Position(0, 0), ReferenceText.PositionOf(text, text.Length)), restore);
        }

        if (random.Next(150) == 0)
        {
            // A client may resend the whole text; here, the same text with its line breaks turned into \r\n.
            return new TextDocumentContentChangeEvent(null, text.ReplaceLineEndings("\r\n"));
        }

        var start = NextPosition(text);
        var end = start;
        var kind = random.Next(3);
        if (kind > 0)
        {
            end = NextPosition(text);
            if (ReferenceText.Offset(text, end) < ReferenceText.Offset(text, start))
            {
                (start, end) = (end, start);
            }
        }

        // Deletions and replacements mostly span a few characters, as typing does; now and then a long range.
        if (kind > 0 && ReferenceText.Offset(text, end) - ReferenceText.Offset(text, start) > 10 && random.Next(8) > 0)
        {
            end = ReferenceText.PositionOf(text, ReferenceText.Offset(text, start) + random.Next(1, 10));
        }

        var inserted = kind == 1 ? string.Empty : Insertions[random.Next(Insertions.Length)];
        return new TextDocumentContentChangeEvent(new LspRange(start, end), inserted);
    }

    private Position NextPosition(string text)
    {
        var starts = ReferenceText.LineStarts(text);
        var line = random.Next(starts.Count);
        var lineLength = ReferenceText.ContentEnd(text, starts[line]) - starts[line];
        switch (random.Next(7))
        {
            case 0:
                return new Position(line, lineLength);
            case 1:
                return new Position(line, lineLength + random.Next(1, 5));
            case 2:
                return new Position(starts.Count + random.Next(0, 3), random.Next(0, 5));
            case 3:
                return Near(text, c => c is '\r' or '\n') ?? new Position(line, 0);
            case 4:
                return Near(text, char.IsHighSurrogate) ?? new Position(line, lineLength / 2);
            case 5:
                return Near(text, c => c is '\u2028' or '\u2029' or '\u0085') ?? new Position(line, 0);
            default:
                return ReferenceText.PositionOf(text, random.Next(text.Length + 1));
        }
    }

    /// <summary>A position just before, on or just after a random character matching <paramref name="match"/>.</summary>
    private Position? Near(string text, Func<char, bool> match)
    {
        var candidates = Enumerable.Range(0, text.Length).Where(i => match(text[i])).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var offset = Math.Clamp(candidates[random.Next(candidates.Count)] + random.Next(-1, 3), 0, text.Length);
        return ReferenceText.PositionOf(text, offset);
    }
}
