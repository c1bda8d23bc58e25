using System.Globalization;
using System.Text.Json;

namespace FlowLens.Inference.Tests;

/// <summary>
/// Schema <c>number</c>s with fractional bounds: the grammar must accept exactly the decimals (up to two fraction
/// digits) inside the range, checked exhaustively over a window around the bounds, for fixed and random bounds.
/// </summary>
public sealed class NumberGrammarTests
{
    [Theory]
    [InlineData("0", "1")]
    [InlineData("0", "1.5")]
    [InlineData("0.1", "2")]
    [InlineData("-1.5", "2.25")]
    [InlineData("0.05", "0.95")]
    [InlineData("-3.14", "-0.5")]
    [InlineData("0.333", "0.667")]
    [InlineData("-0.001", "0.001")]
    [InlineData("1.5", "1.5")]
    [InlineData("12.34", "345.67")]
    [InlineData("-99.99", "99.99")]
    [InlineData("0", "100")]
    [InlineData("0.1", "0.1")]
    [InlineData("0.09", "0.91")]
    public void Inclusive_bounds_accept_exactly_the_two_decimal_values_inside(string min, string max) =>
        AssertExact($$"""{"type":"number","minimum":{{min}},"maximum":{{max}}}""", decimal.Parse(min, CultureInfo.InvariantCulture), false, decimal.Parse(max, CultureInfo.InvariantCulture), false);

    [Theory]
    [InlineData("0", "1")]
    [InlineData("-0.5", "0.5")]
    [InlineData("0.25", "0.27")]
    public void Exclusive_bounds_accept_exactly_the_two_decimal_values_strictly_inside(string min, string max) =>
        AssertExact($$"""{"type":"number","exclusiveMinimum":{{min}},"exclusiveMaximum":{{max}}}""", decimal.Parse(min, CultureInfo.InvariantCulture), true, decimal.Parse(max, CultureInfo.InvariantCulture), true);

    [Fact]
    public void Draft4_boolean_exclusive_bounds_are_honoured() =>
        AssertExact("""{"type":"number","minimum":0,"exclusiveMinimum":true,"maximum":1.5,"exclusiveMaximum":true}""", 0, true, 1.5m, true);

    [Fact]
    public void Random_bounds_accept_exactly_the_values_inside()
    {
        var random = new Random(20261124);
        for (var i = 0; i < 60; i++)
        {
            var a = Math.Round((decimal)(random.NextDouble() * 60 - 30), random.Next(0, 4));
            var b = Math.Round(a + (decimal)(random.NextDouble() * random.Next(1, 25)), random.Next(0, 4));
            var (minExclusive, maxExclusive) = (random.Next(4) == 0, random.Next(4) == 0);
            var text = $$"""{"type":"number","{{(minExclusive ? "exclusiveMinimum" : "minimum")}}":{{a.ToString(CultureInfo.InvariantCulture)}},"{{(maxExclusive ? "exclusiveMaximum" : "maximum")}}":{{b.ToString(CultureInfo.InvariantCulture)}}}""";
            if (!HasValue(a, minExclusive, b, maxExclusive))
            {
                Assert.Throws<GrammarException>(() => JsonSchemaGbnf.Convert(text));
                continue;
            }

            AssertExact(text, a, minExclusive, b, maxExclusive);
        }
    }

    [Fact]
    public void Wide_ranges_stay_exact_without_enumerating()
    {
        var gbnf = JsonSchemaGbnf.Convert("""{"type":"number","minimum":-12345.67,"maximum":9876543.21}""");
        Assert.True(gbnf.Length < 2000, gbnf);
        var regex = GbnfIntegerProbe.ToRegex(gbnf);
        foreach (var (text, inside) in new[]
        {
            ("-12345.67", true), ("-12345.68", false), ("-12345.6", true), ("-12345.7", false), ("-12346", false), ("0", true),
            ("9876543.21", true), ("9876543.22", false), ("9876543.2", true), ("9876543.3", false), ("9876544", false),
            ("5000000.5", true), ("10000000", false), ("-9999.99", true), ("123.456", false), ("-0", false), ("007", false),
        })
        {
            Assert.True(regex.IsMatch(text) == inside, $"{text}: expected {(inside ? "accepted" : "rejected")} by {gbnf}");
        }
    }

    [Fact]
    public void Open_number_bounds_still_produce_a_grammar()
    {
        var regex = GbnfIntegerProbe.ToRegex(JsonSchemaGbnf.Convert("""{"type":"number"}"""));
        Assert.Matches(regex, "-999999999999999.99");
        Assert.Matches(regex, "3.14");
        Assert.DoesNotMatch(regex, "1e5");
    }

    [Theory]
    [InlineData("""{"type":"number","minimum":0.011,"maximum":0.019}""")]
    [InlineData("""{"type":"number","exclusiveMinimum":1,"exclusiveMaximum":1.01}""")]
    [InlineData("""{"type":"number","minimum":1e300}""")]
    public void Ranges_without_a_two_decimal_value_are_rejected(string schema) =>
        Assert.Throws<GrammarException>(() => JsonSchemaGbnf.Convert(schema));

    /// <summary>The selection schema's shapes (weights 0..1, parameters like temperature 0..1.5) allow real fractions.</summary>
    [Fact]
    public void Selection_style_weights_can_be_fractional()
    {
        var weight = GbnfIntegerProbe.ToRegex(JsonSchemaGbnf.Convert("""{"type":"number","minimum":0,"maximum":1}"""));
        var temperature = GbnfIntegerProbe.ToRegex(JsonSchemaGbnf.Convert("""{"type":"number","minimum":0,"maximum":1.5}"""));
        Assert.All(new[] { "0", "0.5", "0.25", "0.05", "1", "1.0", "1.00" }, v => Assert.Matches(weight, v));
        Assert.All(new[] { "1.01", "1.1", "2", "-0.1", "0.", ".5" }, v => Assert.DoesNotMatch(weight, v));
        Assert.All(new[] { "1.5", "1.49", "1.4", "0.7" }, v => Assert.Matches(temperature, v));
        Assert.All(new[] { "1.51", "1.6", "1.55" }, v => Assert.DoesNotMatch(temperature, v));
    }

    private static bool HasValue(decimal min, bool minExclusive, decimal max, bool maxExclusive)
    {
        var low = minExclusive ? Math.Floor(min * 100) + 1 : Math.Ceiling(min * 100);
        var high = maxExclusive ? Math.Ceiling(max * 100) - 1 : Math.Floor(max * 100);
        return low <= high;
    }

    /// <summary>Every canonical decimal with 0-2 fraction digits (and both signs) in a window around the bounds.</summary>
    private static void AssertExact(string schema, decimal min, bool minExclusive, decimal max, bool maxExclusive)
    {
        var gbnf = JsonSchemaGbnf.Convert(schema);
        var regex = GbnfIntegerProbe.ToRegex(gbnf);
        var from = (long)Math.Floor(min) - 2;
        var to = (long)Math.Ceiling(max) + 2;
        var accepted = 0;
        for (var integer = from; integer <= to; integer++)
        {
            foreach (var (text, value) in Forms(integer))
            {
                var inside = (minExclusive ? value > min : value >= min) && (maxExclusive ? value < max : value <= max);
                var negativeZero = text.StartsWith('-') && value == 0;
                var expected = inside && !negativeZero;
                if (regex.IsMatch(text) != expected)
                {
                    Assert.Fail($"{schema}: '{text}' should be {(expected ? "accepted" : "rejected")}; grammar: {gbnf}");
                }

                if (expected)
                {
                    accepted++;
                    using var parsed = JsonDocument.Parse(text);
                    var number = parsed.RootElement.GetDouble();
                    Assert.True(number >= (double)min && number <= (double)max, $"{text} parses to {number}, outside [{min}, {max}]");
                }
            }
        }

        Assert.True(accepted > 0, schema);
        foreach (var junk in new[] { "00", "01", "-0", "-0.0", "-0.00", "1.", ".5", "1.234", "0.000", "+1", "1e0", "" })
        {
            Assert.DoesNotMatch(regex, junk);
        }
    }

    private static IEnumerable<(string Text, decimal Value)> Forms(long integer)
    {
        // For a non-negative integer part k: "k", "k.d", "k.de"; for a negative one the same digits after "-".
        var magnitude = Math.Abs(integer);
        var sign = integer < 0 ? -1 : 1;
        var digits = magnitude.ToString(CultureInfo.InvariantCulture);
        var signs = integer == 0 ? new[] { 1, -1 } : [sign];
        foreach (var s in signs)
        {
            var prefix = s < 0 ? "-" : "";
            yield return (prefix + digits, s * (decimal)magnitude);
            for (var d = 0; d < 10; d++)
            {
                yield return ($"{prefix}{digits}.{d}", s * (magnitude + (d / 10m)));
                for (var e = 0; e < 10; e++)
                {
                    yield return ($"{prefix}{digits}.{d}{e}", s * (magnitude + (d / 10m) + (e / 100m)));
                }
            }
        }
    }
}
