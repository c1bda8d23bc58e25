using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FlowLens.Inference.Tests;

/// <summary>
/// Translates a single-rule GBNF made of literals, character classes, groups, alternation and {n}/{m,n}/?/*
/// repetition into an anchored .NET regex, so tests can check exactly which strings an integer rule accepts.
/// </summary>
internal static class GbnfIntegerProbe
{
    public static List<long> AcceptedValues(string gbnf, long from, long to)
    {
        var regex = ToRegex(gbnf);
        var accepted = new List<long>();
        for (var v = from; v <= to; v++)
        {
            if (regex.IsMatch(v.ToString(CultureInfo.InvariantCulture)))
            {
                accepted.Add(v);
            }
        }

        // Leading zeros and "-0" must never be accepted.
        Assert.DoesNotMatch(regex, "00");
        Assert.DoesNotMatch(regex, "-0");
        Assert.DoesNotMatch(regex, "01");
        return accepted;
    }

    public static Regex ToRegex(string gbnf)
    {
        var lines = gbnf.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        var body = lines[0][(lines[0].IndexOf("::=", StringComparison.Ordinal) + 3)..];
        var pattern = new StringBuilder("^(?:");
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            switch (c)
            {
                case ' ':
                    break;
                case '"':
                    var end = body.IndexOf('"', i + 1);
                    pattern.Append(Regex.Escape(body[(i + 1)..end]));
                    i = end;
                    break;
                case '[':
                    var close = body.IndexOf(']', i);
                    pattern.Append(body[i..(close + 1)]);
                    i = close;
                    break;
                case '(':
                    pattern.Append("(?:");
                    break;
                default:
                    pattern.Append(c);
                    break;
            }
        }

        return new Regex(pattern.Append(")$").ToString(), RegexOptions.CultureInvariant);
    }
}
