using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlowLens.LanguageServer.Transport;

/// <summary>
/// Sits between stdin and StreamJsonRpc's Content-Length reader and checks each frame before passing it on.
/// <list type="bullet">
/// <item>A malformed header, or a Content-Length that is missing, not a number or over the limit, ends the stream
/// here with the reason in <see cref="Violation"/> and the log, instead of letting the reader buffer gigabytes or
/// wait for a body that is not coming. Framing cannot be recovered after a bad header, so ending the connection
/// is the only safe answer.</item>
/// <item>A well-framed body that is not a JSON-RPC message would make StreamJsonRpc drop the whole connection
/// (it treats it as a ParseError disconnect). Framing is intact then, so the frame is rewritten into a call of
/// <see cref="InvalidMessageMethod"/>, keeping the request id when one can be read: the client gets an error
/// response for its broken request and the server carries on.</item>
/// </list>
/// </summary>
internal sealed class FrameGuardStream(Stream inner, long maxMessageBytes, TextWriter log) : Stream
{
    /// <summary>The method a malformed message is turned into; its handler answers with a parse error.</summary>
    public const string InvalidMessageMethod = "$/flowlens/invalidMessage";

    /// <summary>Headers are a few dozen bytes; anything this long without a blank line is not LSP.</summary>
    private const int MaxHeaderBytes = 8 * 1024;

    private readonly BufferedStream _inner = new(inner, 64 * 1024);
    private readonly byte[] _header = new byte[MaxHeaderBytes];
    private byte[] _pending = [];
    private int _pendingOffset;
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
        if (buffer.Length == 0)
        {
            return 0;
        }

        while (_pendingOffset == _pending.Length)
        {
            if (_violation is not null || !await ReadFrameAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }
        }

        var count = Math.Min(buffer.Length, _pending.Length - _pendingOffset);
        _pending.AsMemory(_pendingOffset, count).CopyTo(buffer);
        _pendingOffset += count;
        return count;
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

    /// <summary>Reads, checks and queues one frame; false at the end of the input or on a framing violation.</summary>
    private async Task<bool> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var headerLength = await ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        if (headerLength < 0 || await ValidateHeaderAsync(headerLength).ConfigureAwait(false) is not { } bodyLength)
        {
            return false;
        }

        var body = new byte[bodyLength];
        var read = await _inner.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < body.Length)
        {
            await FailAsync($"the input ended {body.Length - read} bytes short of a message body").ConfigureAwait(false);
            return false;
        }

        if (Malformation(body) is { } problem)
        {
            await log.WriteLineAsync($"flowlens: malformed message ({problem.Reason}); answering it with a parse error.").ConfigureAwait(false);
            body = Encoding.UTF8.GetBytes(problem.Replacement.ToJsonString());
            var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n"));
            _pending = [.. header, .. body];
        }
        else
        {
            _pending = [.. _header.AsSpan(0, headerLength), .. body];
        }

        _pendingOffset = 0;
        return true;
    }

    /// <summary>Reads one header block up to its blank line; its length, or -1 at the end of the input or on a violation.</summary>
    private async Task<int> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        var one = new byte[1];
        while (true)
        {
            if (await _inner.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                if (length > 0)
                {
                    await FailAsync("the input ended inside a message header").ConfigureAwait(false);
                }

                return -1;
            }

            if (length == MaxHeaderBytes)
            {
                await FailAsync($"a message header is longer than {MaxHeaderBytes} bytes").ConfigureAwait(false);
                return -1;
            }

            _header[length++] = one[0];
            if (length >= 4 && _header.AsSpan(length - 4, 4).SequenceEqual("\r\n\r\n"u8))
            {
                return length;
            }
        }
    }

    private async Task<int?> ValidateHeaderAsync(int headerLength)
    {
        long? length = null;
        var text = Encoding.ASCII.GetString(_header, 0, headerLength - 4);
        foreach (var line in text.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                await FailAsync($"malformed header line '{Printable(line)}'").ConfigureAwait(false);
                return null;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    await FailAsync($"bad Content-Length '{Printable(value)}'").ConfigureAwait(false);
                    return null;
                }

                length = parsed;
            }
        }

        if (length is not { } bodyLength)
        {
            await FailAsync("a message header has no Content-Length").ConfigureAwait(false);
            return null;
        }

        if (bodyLength > Math.Min(maxMessageBytes, Array.MaxLength))
        {
            await FailAsync($"a message of {bodyLength} bytes exceeds the {maxMessageBytes}-byte limit").ConfigureAwait(false);
            return null;
        }

        return (int)bodyLength;
    }

    /// <summary>
    /// Null for a body StreamJsonRpc can take: a JSON object whose id (if any) is a string or number and whose
    /// method (if any) is a string. Otherwise the reason and the message to pass on instead.
    /// </summary>
    private static (string Reason, JsonObject Replacement)? Malformation(byte[] body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            return Replace("invalid JSON: " + ex.Message, null);
        }

        if (root is not JsonObject message)
        {
            return Replace("not a JSON object", null);
        }

        var id = message["id"] is JsonValue value && (value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number) ? value : null;
        if (message.ContainsKey("id") && id is null && message["id"] is not null)
        {
            return Replace("the id is neither a string nor a number", null);
        }

        var hasMethod = message.ContainsKey("method");
        if (hasMethod && message["method"]?.GetValueKind() != JsonValueKind.String)
        {
            return Replace("the method is not a string", id);
        }

        if (hasMethod && message["params"] is { } parameters && parameters.GetValueKind() is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            return Replace("params is neither an object nor an array", id);
        }

        if (!hasMethod && id is null)
        {
            return Replace("neither a request, a notification nor a response", null);
        }

        return null;
    }

    private static (string, JsonObject) Replace(string reason, JsonValue? id)
    {
        var replacement = new JsonObject { ["jsonrpc"] = "2.0" };
        if (id is not null)
        {
            replacement["id"] = id.DeepClone();
        }

        replacement["method"] = InvalidMessageMethod;
        replacement["params"] = new JsonObject { ["reason"] = reason };
        return (reason, replacement);
    }

    /// <summary>Records the violation; the stream reads as ended from now on.</summary>
    private async Task FailAsync(string reason)
    {
        _violation = reason;
        await log.WriteLineAsync($"flowlens: closing the connection: {reason}.").ConfigureAwait(false);
    }

    private static string Printable(string value) =>
        value.Length > 40 ? string.Concat(value.AsSpan(0, 40), "…") : value;
}
