using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace FlowLens.Sandbox.Worker.Execution;

/// <summary>A readable, C#-like rendering of a value: <c>[1, 2, 3]</c>, <c>"abc"</c>, <c>true</c>, <c>(1, "a")</c>.</summary>
internal static class ValueRenderer
{
    private const int MaxItems = 50;
    private const int MaxLength = 2000;

    public static string Render(object? value)
    {
        var builder = new StringBuilder();
        Append(builder, value, 0);
        return builder.Length > MaxLength ? builder.ToString(0, MaxLength) + "…" : builder.ToString();
    }

    private static void Append(StringBuilder builder, object? value, int depth)
    {
        if (builder.Length > MaxLength)
        {
            return;
        }

        switch (value)
        {
            case null:
                builder.Append("null");
                return;
            case string s:
                builder.Append('"').Append(s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
                    .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)).Append('"');
                return;
            case char c:
                builder.Append('\'').Append(c).Append('\'');
                return;
            case bool b:
                builder.Append(b ? "true" : "false");
                return;
            case float f:
                builder.Append(f.ToString("R", CultureInfo.InvariantCulture)).Append('f');
                return;
            case double d:
                builder.Append(d.ToString("R", CultureInfo.InvariantCulture));
                return;
            case IFormattable formattable when value.GetType().IsPrimitive || value is decimal:
                builder.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                return;
        }

        if (depth > 8)
        {
            builder.Append('…');
            return;
        }

        if (value is IDictionary dictionary)
        {
            AppendItems(builder, '{', '}', dictionary.Cast<DictionaryEntry>(), entry =>
            {
                Append(builder, entry.Key, depth + 1);
                builder.Append(": ");
                Append(builder, entry.Value, depth + 1);
            });
            return;
        }

        if (value is IEnumerable sequence)
        {
            AppendItems(builder, '[', ']', sequence.Cast<object?>(), item => Append(builder, item, depth + 1));
            return;
        }

        if (value is ITuple tuple)
        {
            builder.Append('(');
            for (var i = 0; i < tuple.Length; i++)
            {
                if (i > 0)
                {
                    builder.Append(", ");
                }

                Append(builder, tuple[i], depth + 1);
            }

            builder.Append(')');
            return;
        }

        builder.Append(value.ToString());
    }

    /// <summary>Renders a collection between brackets, comma-separated, cut off after <see cref="MaxItems"/> items.</summary>
    private static void AppendItems<T>(StringBuilder builder, char open, char close, IEnumerable<T> items, Action<T> appendItem)
    {
        builder.Append(open);
        var count = 0;
        foreach (var item in items)
        {
            if (count++ > 0)
            {
                builder.Append(", ");
            }

            if (count > MaxItems)
            {
                builder.Append('…');
                break;
            }

            appendItem(item);
        }

        builder.Append(close);
    }
}
