using System.Text;

namespace FlowLens.Sandbox.Worker.Execution;

/// <summary>
/// Console.Out and Console.Error while a candidate runs: keeps the first <see cref="Limit"/> characters and drops
/// the rest, so an output flood costs memory no more than the cap (the run's timeout stops an endless one).
/// </summary>
internal sealed class BoundedWriter : TextWriter
{
    private readonly StringBuilder _buffer = new();
    private readonly Lock _gate = new();

    public int Limit { get; set; } = 64 * 1024;

    public bool Truncated { get; private set; }

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (_buffer.Length < Limit)
            {
                _buffer.Append(value);
            }
            else
            {
                Truncated = true;
            }
        }
    }

    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }

        lock (_gate)
        {
            var room = Limit - _buffer.Length;
            if (value.Length <= room)
            {
                _buffer.Append(value);
                return;
            }

            if (room > 0)
            {
                _buffer.Append(value, 0, room);
            }

            Truncated = true;
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => Write(value + NewLine);

    /// <summary>Returns what was written since the last call and starts over.</summary>
    public (string Text, bool Truncated) Take()
    {
        lock (_gate)
        {
            var result = (_buffer.ToString(), Truncated);
            _buffer.Clear();
            Truncated = false;
            return result;
        }
    }
}
