using System.Text;

namespace FlowLens.Inference.Generation;

/// <summary>
/// Holds back streamed text that could still turn into a stop sequence, so a stop sequence never leaks to the
/// caller even when it arrives split across tokens.
/// </summary>
internal sealed class StopSequenceFilter(IReadOnlyList<string> stopSequences)
{
    private readonly StringBuilder _pending = new();

    /// <summary>Adds text; returns what can be released and whether a stop sequence was hit (text after it is dropped).</summary>
    public (string Release, bool Stopped) Push(string text)
    {
        _pending.Append(text);
        if (stopSequences.Count == 0)
        {
            return (Drain(_pending.Length), false);
        }

        var pending = _pending.ToString();
        var first = -1;
        foreach (var stop in stopSequences)
        {
            if (stop.Length == 0)
            {
                continue;
            }

            var index = pending.IndexOf(stop, StringComparison.Ordinal);
            if (index >= 0 && (first < 0 || index < first))
            {
                first = index;
            }
        }

        if (first >= 0)
        {
            var release = pending[..first];
            _pending.Clear();
            return (release, true);
        }

        return (Drain(pending.Length - LongestPartialMatch(pending)), false);
    }

    /// <summary>Everything still held back, for the end of a generation that did not hit a stop sequence.</summary>
    public string Flush() => Drain(_pending.Length);

    private int LongestPartialMatch(string pending)
    {
        var longest = 0;
        foreach (var stop in stopSequences)
        {
            for (var length = Math.Min(stop.Length - 1, pending.Length); length > longest; length--)
            {
                if (pending.AsSpan(pending.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }

    private string Drain(int count)
    {
        var release = _pending.ToString(0, count);
        _pending.Remove(0, count);
        return release;
    }
}
