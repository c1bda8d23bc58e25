using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace FlowLens.Cli.Tests.Bench;

/// <summary>
/// A minimal OpenAI-compatible chat completions server on the loopback interface that answers every request after
/// a delay with the same code, and records how many requests were in flight at once.
/// </summary>
internal sealed class SlowOpenAIServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly TimeSpan _delay;
    private readonly string _reply;
    private readonly Lock _gate = new();
    private readonly Task _loop;
    private int _inFlight;
    private int _peak;
    private int _requests;

    public SlowOpenAIServer(TimeSpan delay, string reply)
    {
        _delay = delay;
        _reply = reply;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}/v1";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public string BaseUrl { get; }

    public int PeakInFlight
    {
        get
        {
            lock (_gate)
            {
                return _peak;
            }
        }
    }

    public int Requests => Volatile.Read(ref _requests);

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends with the listener.
        }
    }

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        lock (_gate)
        {
            _inFlight++;
            _peak = Math.Max(_peak, _inFlight);
        }

        Interlocked.Increment(ref _requests);
        try
        {
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                await reader.ReadToEndAsync();
            }

            await Task.Delay(_delay);
            var body = new JsonObject
            {
                ["id"] = "chatcmpl-1",
                ["object"] = "chat.completion",
                ["created"] = 0,
                ["model"] = "scripted-coder",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = _reply },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 50, ["completion_tokens"] = 10, ["total_tokens"] = 60 },
            };
            var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        finally
        {
            lock (_gate)
            {
                _inFlight--;
            }
        }
    }
}
