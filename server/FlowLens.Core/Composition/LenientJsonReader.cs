using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FlowLens.Core.Composition;

/// <summary>
/// Reads the JSON a model writes in JSON mode the way real models write it: inside a ```json fence or prose, after a
/// <c>&lt;think&gt;</c> block, with <c>//</c> and <c>/* */</c> comments, trailing commas, single-quoted strings,
/// unquoted keys and numbers written as strings. It returns strict JSON text and one repair line for each kind of
/// leniency it needed, so a caller can say what it fixed; text with no JSON object in it is rejected with a
/// <see cref="SelectionRejectedException"/>.
/// </summary>
public static partial class LenientJsonReader
{
    public static (string Json, IReadOnlyList<string> Repairs) Read(string raw, LenientJsonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var repairs = new List<string>();
        var text = raw ?? string.Empty;
        if (text.Trim().Length == 0)
        {
            throw new SelectionRejectedException("the model returned nothing");
        }

        var withoutReasoning = ReasoningBlock().Replace(text, string.Empty);
        if (withoutReasoning.Length != text.Length)
        {
            repairs.Add("ignored the reasoning block before the JSON");
            text = withoutReasoning;
        }
        else if (UnclosedReasoning().Match(text) is { Success: true } open)
        {
            // A reasoning block cut before its closing tag holds no answer; whatever JSON it contains is a draft.
            throw new SelectionRejectedException($"the answer is an unfinished {open.Value} block with no JSON after it");
        }

        var fence = JsonFence().Matches(text).FirstOrDefault(m => m.Groups["body"].Value.Contains('{', StringComparison.Ordinal));
        if (fence is not null)
        {
            repairs.Add("took the JSON from a ``` fence");
            text = fence.Groups["body"].Value;
        }

        var start = text.IndexOf('{', StringComparison.Ordinal);
        if (start < 0)
        {
            throw new SelectionRejectedException($"the answer holds no JSON object: {Preview(raw ?? string.Empty)}");
        }

        if (fence is null && text[..start].Trim().Length > 0)
        {
            repairs.Add("ignored the prose before the JSON");
        }

        var scanner = new Scanner(text, start, options);
        string json;
        try
        {
            json = scanner.ReadDocument();
        }
        catch (FormatException e)
        {
            throw new SelectionRejectedException($"the selection is not JSON ({e.Message})", e);
        }

        if (fence is null && text[scanner.Position..].Trim().Length > 0)
        {
            repairs.Add("ignored the text after the JSON");
        }

        repairs.AddRange(scanner.Repairs);
        return (json, repairs);
    }

    private static string Preview(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        return flat.Length <= 80 ? $"\"{flat}\"" : $"\"{flat[..77]}...\"";
    }

    [GeneratedRegex(@"<(think|thinking|reasoning|thought)>.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ReasoningBlock();

    [GeneratedRegex(@"<(think|thinking|reasoning|thought)>", RegexOptions.IgnoreCase)]
    private static partial Regex UnclosedReasoning();

    [GeneratedRegex(@"```[ \t]*(?:json5?|jsonc|JSON)?[ \t]*\r?\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonFence();

    /// <summary>A small recursive-descent reader for the JSON5-like text models write; it writes strict JSON as it goes.</summary>
    private sealed class Scanner(string text, int position, LenientJsonOptions options)
    {
        private readonly StringBuilder _out = new();
        private readonly SortedSet<string> _kinds = new(StringComparer.Ordinal);
        private readonly List<string> _numbers = [];
        private int _depth;

        public int Position { get; private set; } = position;

        public IEnumerable<string> Repairs => _kinds.Concat(_numbers);

        public string ReadDocument()
        {
            SkipSpace();
            ReadValue();
            return _out.ToString();
        }

        private void ReadValue()
        {
            SkipSpace();
            if (Position >= text.Length)
            {
                throw new FormatException("it ends before the JSON is complete");
            }

            var c = text[Position];
            switch (c)
            {
                case '{':
                    ReadContainer('{', '}', isObject: true);
                    break;
                case '[':
                    ReadContainer('[', ']', isObject: false);
                    break;
                case '"' or '\'':
                    var value = ReadString();
                    WriteStringOrNumber(value);
                    break;
                default:
                    ReadBare();
                    break;
            }
        }

        private void ReadContainer(char open, char close, bool isObject)
        {
            if (++_depth > options.MaxDepth)
            {
                throw new FormatException($"it nests deeper than {options.MaxDepth} levels");
            }

            Position++;
            _out.Append(open);
            var first = true;
            while (true)
            {
                SkipSpace();
                if (Position >= text.Length)
                {
                    throw new FormatException("it ends before the JSON is complete");
                }

                if (text[Position] == close)
                {
                    Position++;
                    _out.Append(close);
                    _depth--;
                    return;
                }

                if (!first)
                {
                    if (text[Position] != ',')
                    {
                        throw new FormatException($"expected ',' or '{close}' at character {Position}, found '{text[Position]}'");
                    }

                    Position++;
                    SkipSpace();
                    if (Position < text.Length && text[Position] == close)
                    {
                        _kinds.Add("removed a trailing comma");
                        continue;
                    }

                    _out.Append(',');
                }

                first = false;
                if (isObject)
                {
                    ReadKey();
                    SkipSpace();
                    if (Position >= text.Length || text[Position] != ':')
                    {
                        throw new FormatException($"expected ':' after a key at character {Position}");
                    }

                    Position++;
                    _out.Append(':');
                }

                ReadValue();
            }
        }

        private void ReadKey()
        {
            if (text[Position] is '"' or '\'')
            {
                WriteString(ReadString());
                return;
            }

            var start = Position;
            while (Position < text.Length && (char.IsLetterOrDigit(text[Position]) || text[Position] is '_' or '-' or '$'))
            {
                Position++;
            }

            if (Position == start)
            {
                throw new FormatException($"expected a key at character {Position}, found '{text[Position]}'");
            }

            _kinds.Add("quoted unquoted keys");
            WriteString(text[start..Position]);
        }

        private string ReadString()
        {
            var quote = text[Position];
            if (quote == '\'')
            {
                _kinds.Add("read single-quoted strings");
            }

            Position++;
            var value = new StringBuilder();
            while (Position < text.Length && text[Position] != quote)
            {
                var c = text[Position++];
                if (c != '\\')
                {
                    value.Append(c);
                    continue;
                }

                if (Position >= text.Length)
                {
                    break;
                }

                var e = text[Position++];
                switch (e)
                {
                    case 'n': value.Append('\n'); break;
                    case 't': value.Append('\t'); break;
                    case 'r': value.Append('\r'); break;
                    case 'b': value.Append('\b'); break;
                    case 'f': value.Append('\f'); break;
                    case 'u' when Position + 4 <= text.Length && int.TryParse(text.AsSpan(Position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                        value.Append((char)code);
                        Position += 4;
                        break;
                    default: value.Append(e); break;
                }
            }

            if (Position >= text.Length)
            {
                throw new FormatException("a string is not closed");
            }

            Position++;
            return value.ToString();
        }

        private void WriteStringOrNumber(string value)
        {
            var trimmed = value.Trim();
            if (options.ReadNumericStrings && trimmed.Length > 0 && double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                _numbers.Add($"read the string \"{value}\" as the number {number.ToString(CultureInfo.InvariantCulture)}");
                _out.Append(number.ToString("R", CultureInfo.InvariantCulture));
                return;
            }

            WriteString(value);
        }

        private void WriteString(string value) => _out.Append('"').Append(JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString()).Append('"');

        private void ReadBare()
        {
            var start = Position;
            while (Position < text.Length && !char.IsWhiteSpace(text[Position]) && text[Position] is not (',' or '}' or ']' or ':' or '/'))
            {
                Position++;
            }

            var token = text[start..Position];
            switch (token)
            {
                case "true" or "false" or "null":
                    _out.Append(token);
                    return;
                case "True" or "False" or "None":
                    _kinds.Add("read Python literals (True, False, None)");
                    _out.Append(token == "None" ? "null" : token.ToLowerInvariant());
                    return;
            }

            var number = token.StartsWith('+') ? token[1..] : token;
            if (number.Length > 0 && double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            {
                if (number != token || number.StartsWith('.') || number.EndsWith('.') || number.StartsWith("-.", StringComparison.Ordinal))
                {
                    _kinds.Add("normalised numbers written in a non-JSON form");
                }

                _out.Append(value.ToString("R", CultureInfo.InvariantCulture));
                return;
            }

            throw new FormatException(token.Length == 0
                ? $"unexpected '{(Position < text.Length ? text[Position] : ' ')}' at character {Position}"
                : $"'{(token.Length > 20 ? token[..20] + "..." : token)}' at character {start} is not a JSON value");
        }

        private void SkipSpace()
        {
            while (Position < text.Length)
            {
                var c = text[Position];
                if (char.IsWhiteSpace(c))
                {
                    Position++;
                }
                else if (c == '/' && Position + 1 < text.Length && text[Position + 1] == '/')
                {
                    _kinds.Add("removed comments");
                    var end = text.IndexOf('\n', Position);
                    Position = end < 0 ? text.Length : end + 1;
                }
                else if (c == '/' && Position + 1 < text.Length && text[Position + 1] == '*')
                {
                    _kinds.Add("removed comments");
                    var end = text.IndexOf("*/", Position + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        throw new FormatException("a /* comment is not closed");
                    }

                    Position = end + 2;
                }
                else if (c == '#' && options.AllowHashComments)
                {
                    _kinds.Add("removed comments");
                    var end = text.IndexOf('\n', Position);
                    Position = end < 0 ? text.Length : end + 1;
                }
                else
                {
                    return;
                }
            }
        }
    }
}
