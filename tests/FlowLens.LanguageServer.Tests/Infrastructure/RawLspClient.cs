using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace FlowLens.LanguageServer.Tests.Infrastructure;

/// <summary>
/// A deliberately small LSP client that writes and parses Content-Length frames itself, so the framing tests
/// exercise the server's reader rather than StreamJsonRpc talking to itself. Server-to-client requests are
/// answered by <see cref="Responder"/>; everything the server sends is recorded in <see cref="Received"/>.
/// </summary>
internal sealed class RawLspClient : IAsyncDisposable
{
    private readonly Stream _toServer;
    private readonly Stream _fromServer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly Channel<JsonObject> _inbox = Channel.CreateUnbounded<JsonObject>();
    private readonly ConcurrentQueue<JsonObject> _received = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private int _nextId;

    public RawLspClient(Stream toServer, Stream fromServer)
    {
        _toServer = toServer;
        _fromServer = fromServer;
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Answers a server-to-client request: (method, params) → result. Null result is sent as JSON null.</summary>
    public Func<string, JsonNode?, JsonNode?> Responder { get; set; } = DefaultResponder;

    /// <summary>Every message from the server, in arrival order.</summary>
    public IReadOnlyList<JsonObject> Received => [.. _received];

    /// <summary>Completes when the server closes its output.</summary>
    public Task Closed => _reader;

    public static JsonNode? DefaultResponder(string method, JsonNode? parameters) => method switch
    {
        "workspace/applyEdit" => new JsonObject { ["applied"] = true },
        "workspace/configuration" => new JsonArray(new JsonObject()),
        _ => null,
    };

    public async Task<JsonObject> RequestAsync(string method, object? parameters, TimeSpan? timeout = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var pending = await SendRequestAsync(id, method, parameters);
        return await pending.WaitAsync(timeout ?? TimeSpan.FromSeconds(20));
    }

    /// <summary>Sends a request and returns its id and the response task without waiting for it.</summary>
    public async Task<(int Id, Task<JsonObject> Response)> StartRequestAsync(string method, object? parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var pending = await SendRequestAsync(id, method, parameters);
        return (id, pending);
    }

    public Task NotifyAsync(string method, object? parameters)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = ToNode(parameters);
        }

        return WriteFrameAsync(message.ToJsonString());
    }

    public Task WriteFrameAsync(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n"));
        return WriteRawAsync([.. header, .. body]);
    }

    public async Task WriteRawAsync(byte[] bytes)
    {
        await _writeLock.WaitAsync();
        try
        {
            await _toServer.WriteAsync(bytes);
            await _toServer.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Ends the client's output: the server sees its stdin close.</summary>
    public async Task CloseInputAsync() => await _toServer.DisposeAsync();

    /// <summary>Waits for a notification (or server request) with this method matching <paramref name="match"/>, including ones already received.</summary>
    public Task<JsonObject> WaitForAsync(string method, Func<JsonObject, bool>? match = null, TimeSpan? timeout = null) =>
        WaitForMessageAsync(method, m => (string?)m["method"] == method && (match is null || match(m)), timeout);

    /// <summary>Waits for the response with this id (also one the server sends unprompted, e.g. for a rewritten message).</summary>
    public Task<JsonObject> WaitForResponseAsync(int id, TimeSpan? timeout = null) =>
        WaitForMessageAsync($"response {id}", m => m["method"] is null && m["id"] is JsonValue v && v.TryGetValue<int>(out var i) && i == id, timeout);

    private async Task<JsonObject> WaitForMessageAsync(string description, Func<JsonObject, bool> match, TimeSpan? timeout)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var found = _received.FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            try
            {
                if (!await _inbox.Reader.WaitToReadAsync(cts.Token))
                {
                    throw new IOException($"The server closed the connection before sending '{description}'.");
                }

                while (_inbox.Reader.TryRead(out _))
                {
                }
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No '{description}' from the server. Received: {string.Join(", ", _received.Select(m => (string?)m["method"] ?? "response"))}");
            }
        }
    }

    public IReadOnlyList<JsonObject> All(string method) => [.. _received.Where(m => (string?)m["method"] == method)];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _toServer.DisposeAsync();
        }
        catch (IOException)
        {
            // Already closed by the test.
        }

        try
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or IOException)
        {
            // The server may still hold its output open; the test has its verdict already.
        }

        _stop.Dispose();
        _writeLock.Dispose();
    }

    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        _ => JsonSerializer.SerializeToNode(value),
    };

    private async Task<Task<JsonObject>> SendRequestAsync(int id, string method, object? parameters)
    {
        var pending = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = pending;
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = ToNode(parameters);
        }

        await WriteFrameAsync(message.ToJsonString());
        return pending.Task;
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var body = await ReadFrameAsync(_stop.Token);
                if (body is null)
                {
                    break;
                }

                var message = JsonNode.Parse(body)!.AsObject();
                _received.Enqueue(message);
                _inbox.Writer.TryWrite(message);
                if (message["method"] is not null && message["id"] is not null)
                {
                    _ = AnswerAsync(message);
                }
                else if (message["method"] is null && message["id"] is JsonValue idValue && idValue.TryGetValue<int>(out var id) && _pending.TryRemove(id, out var pending))
                {
                    pending.TrySetResult(message);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The connection is gone; pending requests fail below.
        }
        finally
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new IOException("The server closed the connection."));
            }

            _inbox.Writer.TryComplete();
        }
    }

    private async Task AnswerAsync(JsonObject request)
    {
        // Off the read loop, so a responder may itself wait for other responses.
        await Task.Yield();
        JsonNode? result;
        try
        {
            result = Responder((string)request["method"]!, request["params"]);
        }
        catch (Exception ex)
        {
            var error = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = request["id"]!.DeepClone(), ["error"] = new JsonObject { ["code"] = -32603, ["message"] = ex.Message } };
            await TryWriteAsync(error.ToJsonString());
            return;
        }

        var response = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = request["id"]!.DeepClone(), ["result"] = result };
        await TryWriteAsync(response.ToJsonString());
    }

    private async Task TryWriteAsync(string json)
    {
        try
        {
            await WriteFrameAsync(json);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The test closed the input already.
        }
    }

    private async Task<string?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var header = new StringBuilder();
        var one = new byte[1];
        while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await _fromServer.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            header.Append((char)one[0]);
        }

        var length = header.ToString().Split("\r\n")
            .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture))
            .Single();
        var body = new byte[length];
        await _fromServer.ReadExactlyAsync(body, cancellationToken);
        return Encoding.UTF8.GetString(body);
    }
}
