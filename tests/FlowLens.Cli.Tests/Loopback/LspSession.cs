using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace FlowLens.Cli.Tests.Loopback;

/// <summary>
/// <c>flowlens lsp</c> as a separate process with a small LSP client on its stdio: requests with ids, answers to
/// the server's own requests (an edit is accepted and recorded), and every notification kept.
/// </summary>
public sealed class LspSession : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stream _in;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly Task _reader;
    private readonly Task<string> _stderr;
    private readonly SemaphoreSlim _write = new(1, 1);
    private int _nextId;

    public LspSession(string workingDirectory, string cacheHome)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(FlowLensProcess.Dll);
        start.ArgumentList.Add("lsp");
        start.Environment["XDG_CACHE_HOME"] = cacheHome;
        start.Environment.Remove("FLOWLENS_MODEL");
        _process = Process.Start(start)!;
        _in = _process.StandardInput.BaseStream;
        _stderr = _process.StandardError.ReadToEndAsync();
        _reader = ReadAsync(_process.StandardOutput.BaseStream);
    }

    public ConcurrentQueue<JsonObject> Notifications { get; } = new();

    public ConcurrentQueue<JsonNode?> AppliedEdits { get; } = new();

    public async Task<JsonObject> RequestAsync(string method, JsonNode? parameters, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        return await answer.Task.WaitAsync(timeout);
    }

    public Task NotifyAsync(string method, JsonNode? parameters) =>
        SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RequestAsync("shutdown", null, TimeSpan.FromSeconds(30));
            await NotifyAsync("exit", null);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or IOException)
        {
            // A server that does not stop in time is ended below.
        }
        finally
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _ = await Task.WhenAny(_reader, Task.Delay(TimeSpan.FromSeconds(5)));
            _ = await Task.WhenAny(_stderr, Task.Delay(TimeSpan.FromSeconds(5)));
            _process.Dispose();
            _write.Dispose();
        }
    }

    private async Task SendAsync(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _write.WaitAsync();
        try
        {
            await _in.WriteAsync(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
            await _in.WriteAsync(body);
            await _in.FlushAsync();
        }
        finally
        {
            _write.Release();
        }
    }

    private async Task ReadAsync(Stream output)
    {
        while (await ReadMessageAsync(output) is { } message)
        {
            if (message["method"] is null && message["id"] is { } responseId && _pending.TryRemove(responseId.GetValue<int>(), out var waiter))
            {
                waiter.TrySetResult(message);
            }
            else if (message["id"] is { } requestId)
            {
                var method = message["method"]!.GetValue<string>();
                if (method == "workspace/applyEdit")
                {
                    AppliedEdits.Enqueue(message["params"]?.DeepClone());
                }

                JsonNode? result = method == "workspace/applyEdit" ? new JsonObject { ["applied"] = true } : null;
                await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = requestId.DeepClone(), ["result"] = result });
            }
            else
            {
                Notifications.Enqueue(message);
            }
        }
    }

    private static async Task<JsonObject?> ReadMessageAsync(Stream output)
    {
        var header = new StringBuilder();
        var one = new byte[1];
        while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await output.ReadAsync(one) == 0)
            {
                return null;
            }

            header.Append((char)one[0]);
        }

        var length = int.Parse(header.ToString().Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var body = new byte[length];
        await output.ReadExactlyAsync(body);
        return JsonNode.Parse(body)!.AsObject();
    }
}
