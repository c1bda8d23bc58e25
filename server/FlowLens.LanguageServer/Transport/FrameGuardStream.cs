using System.Globalization;
using System.Text;

namespace FlowLens.LanguageServer.Transport;

/// <summary>
/// Sits between stdin and StreamJsonRpc's Content-Length reader and checks each frame's header before passing it
/// on. A frame whose header is malformed, or whose Content-Length is missing, negative or over the limit, ends
/// the stream here, with the reason in <see cref="Violation"/> and the log, instead of letting the reader buffer
/// gigabytes or wait forever for a body that is not coming. Framing cannot be recovered after a bad header, so
/// ending the connection is the only safe answer.
/// </summary>
internal sealed class FrameGuardStream(Stream inner, long maxMessageBytes, TextWriter log) : Stream
{
    /// <summary>Headers are a few dozen bytes; anything this long without a blank line is not LSP.</summary>
    private const int MaxHeaderBytes = 8 * 1024;

    private readonly BufferedStream _inner = new(inner, 64 * 1024);
    private readonly byte[] _header = new byte[MaxHeaderBytes];
    private int _headerLength;
    private int _headerSent;
    private long _bodyRemaining;
    private volatile string? _violation;

    /// <summary>Why the stream was ended early, or null.</summary>
    public string? Violation => _violation;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_violation is not null || buffer.Length == 0)
        {
            return 0;
        }

        if (_headerSent < _headerLength)
        {
            return CopyHeader(buffer.Span);
        }

        if (_bodyRemaining > 0)
        {
            var read = await _inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _bodyRemaining)], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return await FailAsync($"the input ended {_bodyRemaining} bytes short of a message body").ConfigureAwait(false);
            }

            _bodyRemaining -= read;
            return read;
        }

        return await ReadHeaderAsync(cancellationToken).ConfigureAwait(false) ? CopyHeader(buffer.Span) : 0;
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int CopyHeader(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, _headerLength - _headerSent);
        _header.AsSpan(_headerSent, count).CopyTo(destination);
        _headerSent += count;
        return count;
    }

    /// <summary>Reads one header block up to its blank line and validates it; false at the end of the input or on a violation.</summary>
    private async Task<bool> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        _headerLength = 0;
        _headerSent = 0;
        var one = new byte[1];
        while (true)
        {
            var read = await _inner.ReadAsync(one, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (_headerLength > 0)
                {
                    await FailAsync("the input ended inside a message header").ConfigureAwait(false);
                }

                return false;
            }

            if (_headerLength == MaxHeaderBytes)
            {
                return await FailAsync($"a message header is longer than {MaxHeaderBytes} bytes").ConfigureAwait(false) > 0;
            }

            _header[_headerLength++] = one[0];
            if (_headerLength >= 4 && _header.AsSpan(_headerLength - 4, 4).SequenceEqual("\r\n\r\n"u8))
            {
                return await ValidateHeaderAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> ValidateHeaderAsync()
    {
        long? length = null;
        var text = Encoding.ASCII.GetString(_header, 0, _headerLength - 4);
        foreach (var line in text.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return await FailAsync($"malformed header line '{Printable(line)}'").ConfigureAwait(false) > 0;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    return await FailAsync($"bad Content-Length '{Printable(value)}'").ConfigureAwait(false) > 0;
                }

                length = parsed;
            }
        }

        if (length is not { } bodyLength)
        {
            return await FailAsync("a message header has no Content-Length").ConfigureAwait(false) > 0;
        }

        if (bodyLength > maxMessageBytes)
        {
            return await FailAsync($"a message of {bodyLength} bytes exceeds the {maxMessageBytes}-byte limit").ConfigureAwait(false) > 0;
        }

        _bodyRemaining = bodyLength;
        return true;
    }

    /// <summary>Records the violation and ends the stream; always returns 0 (bytes read).</summary>
    private async Task<int> FailAsync(string reason)
    {
        _violation = reason;
        _headerLength = 0;
        _headerSent = 0;
        await log.WriteLineAsync($"flowlens: closing the connection: {reason}.").ConfigureAwait(false);
        return 0;
    }

    private static string Printable(string value) =>
        value.Length > 40 ? string.Concat(value.AsSpan(0, 40), "…") : value;
}
