using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace FlowLens.LanguageServer.Benchmarks;

/// <summary>
/// A minimal Content-Length client for the benchmark: requests with ids, notifications, and an answer of
/// <c>applied: true</c> / null to whatever the server asks.
/// </summary>
internal sealed class BenchClient : IAsyncDisposable
{
    private readonly Stream _output;
    private readonly Stream _input;
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly Task _reader;
    private readonly ConcurrentQueue<(string Method, long Timestamp)> _serverRequests = new();
    private int _nextId;

    public BenchClient(Stream toServer, Stream fromServer)
    {
        _output = toServer;
        _input = fromServer;
        _reader = Task.Run(ReadLoopAsync);
    }

    public async Task<JsonObject> RequestAsync(string method, JsonNode? parameters, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var pending = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = pending;
        await WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters }, cancellationToken).ConfigureAwait(false);
        var response = await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (response["error"] is { } error)
        {
            throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
        }

        return response;
    }

    /// <summary>Every request the server sent, with the <see cref="System.Diagnostics.Stopwatch"/> timestamp it arrived at.</summary>
    public IReadOnlyList<(string Method, long Timestamp)> ServerRequests => [.. _serverRequests];

    public Task NotifyAsync(string method, JsonNode? parameters, CancellationToken cancellationToken) =>
        WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _output.DisposeAsync().ConfigureAwait(false);
        await _reader.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _write.Dispose();
    }

    private async Task WriteAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n"));
        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _output.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            await _output.WriteAsync(body, cancellationToken).ConfigureAwait(false);
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _write.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffered = new BufferedStream(_input, 64 * 1024);
        try
        {
            while (await ReadFrameAsync(buffered).ConfigureAwait(false) is { } message)
            {
                if (message["method"] is JsonValue method && message["id"] is { } id)
                {
                    _serverRequests.Enqueue(((string?)method ?? string.Empty, System.Diagnostics.Stopwatch.GetTimestamp()));
                    JsonNode? result = (string?)method == "workspace/applyEdit" ? new JsonObject { ["applied"] = true } : null;
                    await WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = result }, CancellationToken.None).ConfigureAwait(false);
                }
                else if (message["method"] is null && message["id"] is JsonValue value && value.TryGetValue<int>(out var responseId) && _pending.TryRemove(responseId, out var pending))
                {
                    pending.TrySetResult(message);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The server went away; pending requests fail below.
        }
        finally
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new IOException("The server closed the connection."));
            }
        }
    }

    private static async Task<JsonObject?> ReadFrameAsync(Stream input)
    {
        var header = new List<byte>(64);
        var one = new byte[1];
        while (header.Count < 4 || header[^4] != '\r' || header[^3] != '\n' || header[^2] != '\r' || header[^1] != '\n')
        {
            if (await input.ReadAsync(one).ConfigureAwait(false) == 0)
            {
                return null;
            }

            header.Add(one[0]);
        }

        var text = Encoding.ASCII.GetString([.. header]);
        var line = text.Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var body = new byte[int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture)];
        await input.ReadExactlyAsync(body).ConfigureAwait(false);
        return JsonNode.Parse(body)?.AsObject();
    }
}
