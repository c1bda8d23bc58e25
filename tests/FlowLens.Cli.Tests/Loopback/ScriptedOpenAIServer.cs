using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FlowLens.Cli.Tests.Loopback;

/// <summary>
/// A scripted OpenAI-compatible server on a loopback port (HTTP/1.1 over a plain socket, so it can also misbehave
/// in ways a real framework would not: never answer, answer HTML, answer with no choices). It serves
/// <c>POST /v1/chat/completions</c> from a <see cref="ServerScript"/> and records every request.
/// </summary>
public sealed partial class ScriptedOpenAIServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ServerScript _script;
    private readonly Task _loop;
    private int _failures;

    public ScriptedOpenAIServer(ServerScript script)
    {
        _script = script;
        _listener.Start();
        _loop = AcceptAsync();
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1");

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>A loopback URL where nothing listens (a port taken and released), for "connection refused".</summary>
    public static Uri ClosedPortUrl()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new Uri($"http://127.0.0.1:{port}/v1");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping the listener ends the accept loop with one of these.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var (path, body) = await ReadRequestAsync(stream);
                var json = body.Length == 0 ? null : JsonNode.Parse(body);
                var kind = KindOf(json);
                Requests.Enqueue(new RecordedRequest(kind, path, json));
                var (status, contentType, text) = await ReplyAsync(kind, json);
                var bytes = Encoding.UTF8.GetBytes(text);
                var head = $"HTTP/1.1 {status} {Reason(status)}\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                await stream.WriteAsync(bytes, _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
            {
                // The client gave up (its timeout) or the server is stopping.
            }
        }
    }

    private async Task<(int Status, string ContentType, string Body)> ReplyAsync(string kind, JsonNode? request)
    {
        switch (_script.Fault)
        {
            case ServerFault.NotFound:
                return (404, "application/json", """{"object":"error","message":"The model `scripted` does not exist.","type":"NotFoundError","code":404,"error":{"message":"The model `scripted` does not exist."}}""");
            case ServerFault.Html:
                return (200, "text/html; charset=utf-8", "<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head><body><h1>Welcome to nginx!</h1><p>If you see this page, the nginx web server is successfully installed.</p></body></html>");
            case ServerFault.NotJson:
                return (200, "application/json", "upstream connect error or disconnect/reset before headers. reset reason: connection failure");
            case ServerFault.EmptyChoices:
                return (200, "application/json", """{"id":"chatcmpl-0","object":"chat.completion","created":0,"model":"scripted","choices":[]}""");
            case ServerFault.NeverAnswer:
                await Task.Delay(Timeout.Infinite, _stop.Token);
                break;
            case ServerFault.Slow:
                await Task.Delay(_script.Delay, _stop.Token);
                break;
            case ServerFault.ServerError when Interlocked.Increment(ref _failures) <= _script.Failures:
                return (500, "application/json", """{"error":{"message":"the engine is warming up"}}""");
        }

        var asked = request?["n"]?.GetValue<int>() ?? 1;
        if (asked > 1 && _script.SampleCount == SampleCountAnswer.Refused)
        {
            return (400, "application/json", """{"error":{"message":"n > 1 is not supported","type":"invalid_request_error"}}""");
        }

        var choices = asked > 1 && _script.SampleCount == SampleCountAnswer.Honoured ? asked : 1;
        var answer = kind == "meta-agent" ? _script.Composition
            : _script.Steps.TryGetValue(kind, out var step) ? step
            : _script.OtherSteps ?? throw new InvalidOperationException($"the script has no answer for the '{kind}' step");
        var completion = new JsonObject
        {
            ["id"] = "chatcmpl-" + Requests.Count,
            ["object"] = "chat.completion",
            ["created"] = 0,
            ["model"] = "scripted",
            ["choices"] = new JsonArray([.. Enumerable.Range(0, choices).Select(i => new JsonObject
            {
                ["index"] = i,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = answer.Content },
                ["finish_reason"] = answer.FinishReason,
            })]),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = choices * (answer.Content.Length / 4), ["total_tokens"] = 100 + (choices * (answer.Content.Length / 4)) },
        };
        return (200, "application/json", completion.ToJsonString());
    }

    /// <summary>
    /// Each capability's own instruction line, read from the capability files: the steps share one system message
    /// (for the prompt cache), so a step is known by the instruction its prompt carries, as a real model sees it.
    /// </summary>
    private static readonly (string Instruction, string Capability)[] Instructions = Directory
        .GetFiles(Path.Combine(FlowLensProcess.RepoRoot, "prompts", "capabilities"), "*.md")
        .Select(f => (Line: File.ReadAllText(f).Split("---", 3) is { Length: 3 } parts
            ? parts[2].Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("{{", StringComparison.Ordinal)) : null, Id: Path.GetFileNameWithoutExtension(f)))
        .Where(p => p.Line is not null)
        .Select(p => (p.Line!, p.Id))
        .ToArray();

    /// <summary>The meta-agent asks for a JSON schema; a capability step is known by its instruction line (or names itself in its system message).</summary>
    private static string KindOf(JsonNode? body)
    {
        if (body?["response_format"] is not null)
        {
            return "meta-agent";
        }

        var system = body?["messages"]?.AsArray().FirstOrDefault(m => m?["role"]?.GetValue<string>() == "system")?["content"];
        var text = system is JsonValue value ? value.GetValue<string>() : system?.ToJsonString() ?? string.Empty;
        if (StepName().Match(text) is { Success: true } m)
        {
            return m.Groups[1].Value;
        }

        var user = body?["messages"]?.AsArray().LastOrDefault(m => m?["role"]?.GetValue<string>() == "user")?["content"];
        var prompt = user is JsonValue said ? said.GetValue<string>() : user?.ToJsonString() ?? string.Empty;
        return Instructions.FirstOrDefault(i => prompt.Contains(i.Instruction, StringComparison.Ordinal)).Capability ?? "unknown";
    }

    private async Task<(string Path, byte[] Body)> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (buffer.Count < 4 || !(buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                throw new IOException("the client closed the connection before the request ended");
            }

            buffer.Add(one[0]);
        }

        var head = Encoding.ASCII.GetString([.. buffer]).Split("\r\n");
        var path = head[0].Split(' ')[1];
        var length = head.Select(h => h.Split(':', 2)).Where(h => h.Length == 2 && h[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(h => int.Parse(h[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, _stop.Token);
        return (path, body);
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    };

    [GeneratedRegex(@"You are the '([a-z0-9-]+)' step")]
    private static partial Regex StepName();
}
