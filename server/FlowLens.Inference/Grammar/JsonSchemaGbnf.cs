using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FlowLens.Inference;

/// <summary>
/// Converts the JSON-schema subset FlowLens prompts use into GBNF for llama.cpp. Output is compact JSON with no
/// optional whitespace anywhere, so even a random model reaches the end of the document: objects list every
/// property in schema order (all required), strings are printable ASCII (with simple escapes) and honour
/// <c>maxLength</c>, integers and numbers (up to two decimals) honour <c>minimum</c>/<c>maximum</c> exactly, fractional bounds included
/// (small integer ranges are enumerated),
/// arrays honour <c>minItems</c>/<c>maxItems</c>, closed tuples (<c>prefixItems</c> with <c>items: false</c>) too. Anything else is rejected with a <see cref="GrammarException"/>
/// rather than silently loosened.
/// </summary>
public static class JsonSchemaGbnf
{
    /// <summary>Integer ranges up to this size become a list of literals (easier for a model than digit rules).</summary>
    public const int EnumerateRangeLimit = 32;

    /// <summary>Fraction digits a schema <c>number</c> may have (bounds are honoured exactly at this precision).</summary>
    public const int FractionDigits = 2;

    // Bounds used when a side is open: 15 digits keep every value exact in a double.
    private const long OpenBound = 999_999_999_999_999;

    /// <summary>Any compact JSON value, for <c>ChatResponseFormat.Json</c> without a schema.</summary>
    public const string AnyJson =
        "root ::= object\n"
        + "value ::= object | array | string | number | \"true\" | \"false\" | \"null\"\n"
        + "object ::= \"{\" (string \":\" value (\",\" string \":\" value)*)? \"}\"\n"
        + "array ::= \"[\" (value (\",\" value)*)? \"]\"\n"
        + "string ::= \"\\\"\" char* \"\\\"\"\n"
        + "number ::= \"-\"? (\"0\" | [1-9] [0-9]{0,15}) (\".\" [0-9]{1,6})?\n"
        + CharRule + "\n";

    internal const string CharRule = "char ::= [ !#-[\\]-~] | \"\\\\\" [\"\\\\/nt]";

    public static string Convert(string schemaJson)
    {
        using var document = JsonDocument.Parse(schemaJson);
        return Convert(document.RootElement);
    }

    public static string Convert(JsonElement schema)
    {
        var builder = new Builder();
        builder.Visit(schema, "root");
        return builder.Render();
    }

    private sealed class Builder
    {
        private readonly List<(string Name, string Body)> _rules = [];
        private readonly SortedSet<string> _shared = new(StringComparer.Ordinal);
        private readonly HashSet<string> _names = new(StringComparer.Ordinal);

        public string Render()
        {
            var text = new StringBuilder();
            foreach (var (name, body) in _rules)
            {
                text.Append(name).Append(" ::= ").Append(body).Append('\n');
            }

            foreach (var rule in _shared)
            {
                text.Append(rule).Append('\n');
            }

            return text.ToString();
        }

        public string Visit(JsonElement node, string name)
        {
            name = Unique(name);
            var index = _rules.Count;
            _rules.Add((name, ""));
            _rules[index] = (name, Body(node, name));
            return name;
        }

        private string Unique(string name)
        {
            var candidate = name;
            for (var i = 2; !_names.Add(candidate); i++)
            {
                candidate = $"{name}{i}";
            }

            return candidate;
        }

        private string Body(JsonElement node, string name)
        {
            if (node.ValueKind != JsonValueKind.Object)
            {
                throw new GrammarException($"Schema node '{name}' must be an object, not {node.ValueKind}.");
            }

            foreach (var unsupported in new[] { "$ref", "pattern", "format", "patternProperties", "allOf", "not", "if" })
            {
                if (node.TryGetProperty(unsupported, out _))
                {
                    throw new GrammarException($"Schema node '{name}' uses '{unsupported}', which FlowLens' schema-to-grammar converter does not support.");
                }
            }

            if (node.TryGetProperty("const", out var constant))
            {
                return Literal(CompactJson(constant));
            }

            if (node.TryGetProperty("enum", out var values))
            {
                var literals = values.EnumerateArray().Select(v => Literal(CompactJson(v))).ToList();
                return literals.Count > 0 ? string.Join(" | ", literals) : throw new GrammarException($"Schema node '{name}' has an empty enum.");
            }

            foreach (var keyword in new[] { "anyOf", "oneOf" })
            {
                if (node.TryGetProperty(keyword, out var options))
                {
                    return string.Join(" | ", options.EnumerateArray().Select((option, i) => Visit(option, $"{name}-{i}")));
                }
            }

            if (!node.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                throw new GrammarException($"Schema node '{name}' needs a single string 'type' (or enum/const/anyOf).");
            }

            return typeElement.GetString() switch
            {
                "object" => ObjectBody(node, name),
                "array" => ArrayBody(node, name),
                "string" => StringBody(node),
                "integer" => IntegerBody(node, name),
                "number" => NumberBody(node, name),
                "boolean" => "\"true\" | \"false\"",
                "null" => "\"null\"",
                var other => throw new GrammarException($"Schema node '{name}' has unsupported type '{other}'."),
            };
        }

        private string ObjectBody(JsonElement node, string name)
        {
            var parts = new List<string>();
            var literal = new StringBuilder("{");
            if (node.TryGetProperty("properties", out var properties))
            {
                var first = true;
                foreach (var property in properties.EnumerateObject())
                {
                    literal.Append(first ? "" : ",").Append(CompactJson(property.Name)).Append(':');
                    parts.Add(Literal(literal.ToString()));
                    literal.Clear();
                    parts.Add(Visit(property.Value, $"{name}-{RuleName(property.Name)}"));
                    first = false;
                }
            }

            literal.Append('}');
            parts.Add(Literal(literal.ToString()));
            return string.Join(" ", parts);
        }

        private string ArrayBody(JsonElement node, string name)
        {
            if (node.TryGetProperty("prefixItems", out var prefixItems))
            {
                return TupleBody(node, prefixItems, name);
            }

            if (!node.TryGetProperty("items", out var items))
            {
                throw new GrammarException($"Array schema '{name}' needs 'items'.");
            }

            var min = node.TryGetProperty("minItems", out var minElement) ? minElement.GetInt32() : 0;
            int? max = node.TryGetProperty("maxItems", out var maxElement) ? maxElement.GetInt32() : null;
            if (max < min)
            {
                throw new GrammarException($"Array schema '{name}' has maxItems < minItems.");
            }

            if (max == 0)
            {
                return "\"[]\"";
            }

            var item = Visit(items, $"{name}-item");
            var rest = Repeat($"\",\" {item}", Math.Max(min - 1, 0), max - 1);
            var list = rest.Length == 0 ? item : $"{item} {rest}";
            return min == 0 ? $"\"[\" ({list})? \"]\"" : $"\"[\" {list} \"]\"";
        }

        /// <summary>
        /// A tuple (<c>prefixItems</c> with <c>items: false</c>): its first <c>minItems</c> elements are required, the
        /// later ones may be left off from the end, none may follow. Open tuples (more items of another schema) are
        /// rejected rather than silently closed.
        /// </summary>
        private string TupleBody(JsonElement node, JsonElement prefixItems, string name)
        {
            if (prefixItems.ValueKind != JsonValueKind.Array || prefixItems.GetArrayLength() == 0)
            {
                throw new GrammarException($"Array schema '{name}' needs a non-empty 'prefixItems' list.");
            }

            if (!node.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.False)
            {
                throw new GrammarException($"Array schema '{name}' has 'prefixItems' without 'items: false'; FlowLens' schema-to-grammar converter supports closed tuples only.");
            }

            var elements = prefixItems.EnumerateArray().ToList();
            var min = node.TryGetProperty("minItems", out var minElement) ? minElement.GetInt32() : 0;
            var max = node.TryGetProperty("maxItems", out var maxElement) ? Math.Min(maxElement.GetInt32(), elements.Count) : elements.Count;
            if (max < min)
            {
                throw new GrammarException($"Array schema '{name}' allows no tuple (maxItems < minItems, or more required items than 'prefixItems').");
            }

            if (max == 0)
            {
                return "\"[]\"";
            }

            // Built from the end: each optional element carries the optional rest after it.
            var rules = elements.Take(max).Select((element, i) => Visit(element, $"{name}-{i}")).ToList();
            var tail = string.Empty;
            for (var i = max - 1; i >= 0; i--)
            {
                var element = rules[i];
                var segment = i == 0 ? $"{element} {tail}".TrimEnd() : $"\",\" {element} {tail}".TrimEnd();
                tail = i >= min ? $"({segment})?" : segment;
            }

            return $"\"[\" {tail} \"]\"";
        }

        private string StringBody(JsonElement node)
        {
            _shared.Add(CharRule);
            var min = node.TryGetProperty("minLength", out var minElement) ? minElement.GetInt32() : 0;
            int? max = node.TryGetProperty("maxLength", out var maxElement) ? maxElement.GetInt32() : null;
            var chars = Repeat("char", min, max);
            return chars.Length == 0 ? "\"\\\"\\\"\"" : $"\"\\\"\" {chars} \"\\\"\"";
        }

        private static string IntegerBody(JsonElement node, string name)
        {
            var (min, max) = Bounds(node, name, integer: true);
            if (max - min < EnumerateRangeLimit)
            {
                var values = new List<string>();
                for (var v = min; v <= max; v++)
                {
                    values.Add(Literal(v.ToString(CultureInfo.InvariantCulture)));
                }

                return string.Join(" | ", values);
            }

            return IntegerRange(min, max);
        }

        /// <summary>
        /// Numbers with at most <see cref="FractionDigits"/> decimals inside the bounds, exactly: bounds are taken in
        /// hundredths (rounded inward), and the grammar accepts precisely the decimal strings (integer part without
        /// leading zeros, then optionally 1 or 2 fraction digits, trailing zeros allowed) whose value lies in that
        /// range. No enumeration and no approximation is needed: the integer parts strictly between the bounds use the
        /// digit-range rules of <see cref="IntegerRange"/> (exact for any span), and only the two boundary integer
        /// parts restrict their fractions.
        /// </summary>
        private static string NumberBody(JsonElement node, string name)
        {
            var (low, high) = HundredthBounds(node, name);
            var alternatives = new List<string>();
            if (low < 0)
            {
                // Negative values by magnitude; magnitudes start at 0.01 so "-0" and "-0.0" never appear.
                alternatives.Add($"\"-\" {Group(NonNegativeHundredths(Math.Max(1, -high), -low))}");
            }

            if (high >= 0)
            {
                alternatives.Add(NonNegativeHundredths(Math.Max(0, low), high));
            }

            return string.Join(" | ", alternatives);
        }

        /// <summary>Decimal strings for the values in [<paramref name="low"/>, <paramref name="high"/>] hundredths, both >= 0.</summary>
        private static string NonNegativeHundredths(long low, long high)
        {
            var (lowInteger, lowFraction) = (low / 100, (int)(low % 100));
            var (highInteger, highFraction) = (high / 100, (int)(high % 100));
            if (lowInteger == highInteger)
            {
                return WithFraction(Literal(lowInteger.ToString(CultureInfo.InvariantCulture)), lowFraction, highFraction);
            }

            var alternatives = new List<string>();
            var middleLow = lowInteger + 1;
            if (lowFraction == 0)
            {
                middleLow = lowInteger;
            }
            else
            {
                alternatives.Add(WithFraction(Literal(lowInteger.ToString(CultureInfo.InvariantCulture)), lowFraction, 99));
            }

            var middleHigh = highFraction == 99 ? highInteger : highInteger - 1;
            if (middleLow <= middleHigh)
            {
                alternatives.Add(WithFraction(Group(NonNegative(middleLow, middleHigh)), 0, 99));
            }

            if (highFraction != 99)
            {
                alternatives.Add(WithFraction(Literal(highInteger.ToString(CultureInfo.InvariantCulture)), 0, highFraction));
            }

            return string.Join(" | ", alternatives);
        }

        /// <summary>
        /// <paramref name="integer"/> followed by a fraction whose value in hundredths lies in [<paramref name="low"/>,
        /// <paramref name="high"/>] (0..99): ".d" stands for d0, ".de" for de, and no fraction for 0.
        /// </summary>
        private static string WithFraction(string integer, int low, int high)
        {
            var (lowTens, lowUnits, highTens, highUnits) = (low / 10, low % 10, high / 10, high % 10);
            var pieces = new List<(int TensLow, int TensHigh, int UnitsLow, int UnitsHigh)>();
            if (lowTens == highTens)
            {
                pieces.Add((lowTens, lowTens, lowUnits, highUnits));
            }
            else
            {
                var fullLow = lowTens + 1;
                if (lowUnits == 0)
                {
                    fullLow = lowTens;
                }
                else
                {
                    pieces.Add((lowTens, lowTens, lowUnits, 9));
                }

                var fullHigh = highUnits == 9 ? highTens : highTens - 1;
                if (fullLow <= fullHigh)
                {
                    pieces.Add((fullLow, fullHigh, 0, 9));
                }

                if (highUnits != 9)
                {
                    pieces.Add((highTens, highTens, 0, highUnits));
                }
            }

            // A first fraction digit alone (".d" = d0 hundredths) is allowed exactly when a zero second digit is.
            var fractions = pieces.Select(p =>
                $"{CharRange((char)('0' + p.TensLow), (char)('0' + p.TensHigh))} {CharRange((char)('0' + p.UnitsLow), (char)('0' + p.UnitsHigh))}{(p.UnitsLow == 0 ? "?" : "")}");
            var fraction = $"\".\" {Group(string.Join(" | ", fractions))}";
            return low == 0 ? $"{integer} ({fraction})?" : $"{integer} {fraction}";
        }

        /// <summary>Inclusive bounds in hundredths, rounded inward (so every emitted two-decimal value validates).</summary>
        private static (long Low, long High) HundredthBounds(JsonElement node, string name)
        {
            var (min, minExclusive, max, maxExclusive) = RawBounds(node, name);
            var low = -((OpenBound * 100) + 99);
            var high = (OpenBound * 100) + 99;
            if (min is { } lowBound)
            {
                var scaled = lowBound * 100;
                low = Math.Max(low, (long)(minExclusive ? Math.Floor(scaled) + 1 : Math.Ceiling(scaled)));
            }

            if (max is { } highBound)
            {
                var scaled = highBound * 100;
                high = Math.Min(high, (long)(maxExclusive ? Math.Ceiling(scaled) - 1 : Math.Floor(scaled)));
            }

            return low <= high
                ? (low, high)
                : throw new GrammarException($"Schema node '{name}' allows no number with at most {FractionDigits} decimals (minimum > maximum).");
        }

        /// <summary>
        /// The tightest lower and upper bound from minimum/maximum and exclusiveMinimum/exclusiveMaximum (numbers, or
        /// draft-4 booleans next to minimum/maximum), clamped to ±<see cref="OpenBound"/>.
        /// </summary>
        private static (decimal? Min, bool MinExclusive, decimal? Max, bool MaxExclusive) RawBounds(JsonElement node, string name)
        {
            decimal? min = null;
            decimal? max = null;
            bool minExclusive = false, maxExclusive = false;
            if (node.TryGetProperty("minimum", out var minimum))
            {
                min = Clamp(minimum);
                minExclusive = node.TryGetProperty("exclusiveMinimum", out var flag) && flag.ValueKind == JsonValueKind.True;
            }

            if (node.TryGetProperty("exclusiveMinimum", out var exclusiveMinimum) && exclusiveMinimum.ValueKind == JsonValueKind.Number
                && (min is null || Clamp(exclusiveMinimum) >= min))
            {
                (min, minExclusive) = (Clamp(exclusiveMinimum), true);
            }

            if (node.TryGetProperty("maximum", out var maximum))
            {
                max = Clamp(maximum);
                maxExclusive = node.TryGetProperty("exclusiveMaximum", out var flag) && flag.ValueKind == JsonValueKind.True;
            }

            if (node.TryGetProperty("exclusiveMaximum", out var exclusiveMaximum) && exclusiveMaximum.ValueKind == JsonValueKind.Number
                && (max is null || Clamp(exclusiveMaximum) <= max))
            {
                (max, maxExclusive) = (Clamp(exclusiveMaximum), true);
            }

            if (min > OpenBound || max < -OpenBound)
            {
                throw new GrammarException($"Schema node '{name}' has bounds beyond ±{OpenBound}.");
            }

            return (min < -OpenBound ? null : min, minExclusive, max > OpenBound ? null : max, maxExclusive);
        }

        /// <summary>A bound as a decimal; an outer bound beyond ±<see cref="OpenBound"/> is as good as open.</summary>
        private static decimal Clamp(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.Number)
            {
                throw new GrammarException($"Bound {value.GetRawText()} is not a number.");
            }

            var number = value.TryGetDecimal(out var exact) ? exact : (decimal)Math.Clamp(value.GetDouble(), -2.0 * OpenBound, 2.0 * OpenBound);
            return Math.Clamp(number, -2m * OpenBound, 2m * OpenBound);
        }

        private static (long Min, long Max) Bounds(JsonElement node, string name, bool integer)
        {
            var (min, minExclusive, max, maxExclusive) = RawBounds(node, name);
            var low = min is { } lowBound ? (long)(minExclusive ? Math.Floor(lowBound) + 1 : Math.Ceiling(lowBound)) : -OpenBound;
            var high = max is { } highBound ? (long)(maxExclusive ? Math.Ceiling(highBound) - 1 : Math.Floor(highBound)) : OpenBound;
            return low <= high
                ? (low, high)
                : throw new GrammarException($"Schema node '{name}' allows no {(integer ? "integer" : "number")} (minimum > maximum after rounding to integers).");
        }

        /// <summary>GBNF for the decimal integers in [<paramref name="min"/>, <paramref name="max"/>], no leading zeros.</summary>
        internal static string IntegerRange(long min, long max)
        {
            var alternatives = new List<string>();
            if (min < 0)
            {
                alternatives.Add($"\"-\" {Group(NonNegative(-Math.Min(max, -1), -min))}");
                min = 0;
            }

            if (max >= min)
            {
                alternatives.Add(NonNegative(min, max));
            }

            return string.Join(" | ", alternatives);
        }

        private static string NonNegative(long min, long max)
        {
            var alternatives = new List<string>();
            var minDigits = Digits(min);
            var maxDigits = Digits(max);
            for (var length = minDigits; length <= maxDigits; length++)
            {
                var low = Math.Max(min, length == 1 ? 0 : Pow10(length - 1));
                var high = Math.Min(max, Pow10(length) - 1);
                alternatives.AddRange(SameLength(low.ToString(CultureInfo.InvariantCulture), high.ToString(CultureInfo.InvariantCulture)));
            }

            return string.Join(" | ", alternatives);
        }

        /// <summary>Sequences matching every digit string between two equal-length strings.</summary>
        private static List<string> SameLength(string low, string high)
        {
            if (low == high)
            {
                return [Literal(low)];
            }

            if (low.Length == 1)
            {
                return [CharRange(low[0], high[0])];
            }

            if (low[0] == high[0])
            {
                return SameLength(low[1..], high[1..]).Select(s => $"{Literal(low[..1])} {s}").ToList();
            }

            var restLow = low[1..];
            var restHigh = high[1..];
            var n = restLow.Length;
            var lowIsZeros = restLow.All(c => c == '0');
            var highIsNines = restHigh.All(c => c == '9');
            var result = new List<string>();
            var start = low[0];
            var end = high[0];
            if (!lowIsZeros)
            {
                result.AddRange(SameLength(restLow, new string('9', n)).Select(s => $"{Literal(low[..1])} {s}"));
                start++;
            }

            if (!highIsNines)
            {
                end--;
            }

            if (start <= end)
            {
                result.Add($"{CharRange(start, end)} {AnyDigits(n)}");
            }

            if (!highIsNines)
            {
                result.AddRange(SameLength(new string('0', n), restHigh).Select(s => $"{Literal(high[..1])} {s}"));
            }

            return result;
        }

        private static string AnyDigits(int count) => count == 1 ? "[0-9]" : $"[0-9]{{{count}}}";

        private static string CharRange(char low, char high) => low == high ? Literal(low.ToString()) : $"[{low}-{high}]";

        private static int Digits(long value) => value.ToString(CultureInfo.InvariantCulture).Length;

        private static long Pow10(int exponent)
        {
            long result = 1;
            for (var i = 0; i < exponent; i++)
            {
                result *= 10;
            }

            return result;
        }

        private static string Group(string alternatives) => alternatives.Contains(" | ", StringComparison.Ordinal) ? $"({alternatives})" : alternatives;

        private static string Repeat(string element, int min, int? max)
        {
            var grouped = element.Contains(' ', StringComparison.Ordinal) ? $"({element})" : element;
            if (max is null)
            {
                return min switch
                {
                    0 => $"{grouped}*",
                    1 => $"{grouped}+",
                    _ => $"{grouped}{{{min},}}",
                };
            }

            return (min, max.Value) switch
            {
                (0, 0) => "",
                (1, 1) => element,
                (0, 1) => $"{grouped}?",
                var (m, x) when m == x => $"{grouped}{{{m}}}",
                var (m, x) => $"{grouped}{{{m},{x}}}",
            };
        }

        private static string RuleName(string property)
        {
            var name = new StringBuilder();
            foreach (var c in property)
            {
                name.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
            }

            return name.Length > 0 ? name.ToString() : "empty";
        }

        private static string CompactJson(JsonElement value) => value.ValueKind == JsonValueKind.String
            ? CompactJson(value.GetString()!)
            : value.GetRawText();

        private static string CompactJson(string value) => JsonSerializer.Serialize(value);

        /// <summary>A GBNF string literal for <paramref name="text"/>.</summary>
        private static string Literal(string text)
        {
            var builder = new StringBuilder("\"");
            foreach (var c in text)
            {
                builder.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ => c.ToString(),
                });
            }

            return builder.Append('"').ToString();
        }
    }
}
