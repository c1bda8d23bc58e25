using System.Collections;
using System.Runtime.CompilerServices;

namespace FlowLens.Sandbox.Worker.Execution;

/// <summary>
/// Value equality for checks: sequences element by element, dictionaries by key, tuples by item. With
/// <c>lenientNumbers</c> (comment examples, where <c>3</c> is written for a <c>long</c>) numbers of different types
/// compare by value, floating point to a relative 1e-6.
/// </summary>
internal static class StructuralEquality
{
    public static bool Equal(object? a, object? b, bool lenientNumbers)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (a is string || b is string)
        {
            return a.Equals(b);
        }

        if (lenientNumbers && IsNumber(a) && IsNumber(b))
        {
            return NumbersEqual(a, b);
        }

        if (a is IDictionary da && b is IDictionary db)
        {
            if (da.Count != db.Count)
            {
                return false;
            }

            foreach (DictionaryEntry entry in da)
            {
                if (!db.Contains(entry.Key) || !Equal(entry.Value, db[entry.Key], lenientNumbers))
                {
                    return false;
                }
            }

            return true;
        }

        if (a is IEnumerable ea && b is IEnumerable eb)
        {
            var left = ea.GetEnumerator();
            var right = eb.GetEnumerator();
            while (true)
            {
                var hasLeft = left.MoveNext();
                if (hasLeft != right.MoveNext())
                {
                    return false;
                }

                if (!hasLeft)
                {
                    return true;
                }

                if (!Equal(left.Current, right.Current, lenientNumbers))
                {
                    return false;
                }
            }
        }

        if (lenientNumbers && a is ITuple ta && b is ITuple tb)
        {
            if (ta.Length != tb.Length)
            {
                return false;
            }

            for (var i = 0; i < ta.Length; i++)
            {
                if (!Equal(ta[i], tb[i], lenientNumbers))
                {
                    return false;
                }
            }

            return true;
        }

        return a.Equals(b);
    }

    private static bool IsNumber(object value) =>
        value is sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal or System.Numerics.BigInteger;

    private static bool NumbersEqual(object a, object b)
    {
        if (a is float or double || b is float or double)
        {
            var x = Convert.ToDouble(a, System.Globalization.CultureInfo.InvariantCulture);
            var y = Convert.ToDouble(b, System.Globalization.CultureInfo.InvariantCulture);
            return x.Equals(y) || Math.Abs(x - y) <= 1e-6 * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)));
        }

        if (a is System.Numerics.BigInteger || b is System.Numerics.BigInteger)
        {
            return ToBig(a) == ToBig(b);
        }

        return Convert.ToDecimal(a, System.Globalization.CultureInfo.InvariantCulture) == Convert.ToDecimal(b, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static System.Numerics.BigInteger ToBig(object value) => value switch
    {
        System.Numerics.BigInteger big => big,
        decimal d => new System.Numerics.BigInteger(d),
        _ => new System.Numerics.BigInteger(Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture)),
    };
}
