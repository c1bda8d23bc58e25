using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace FlowLens.Inference.Tests;

/// <summary>
/// The Ollama and OpenAI-compatible backends against loopback servers that speak each API: structured output
/// must travel in each backend's native field (Ollama's <c>format</c>, OpenAI's <c>response_format</c>), and the
/// reply and its token counts must come back through <see cref="IChatClient"/>.
/// </summary>
public sealed class ServerBackendTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""{"type":"object","properties":{"w":{"type":"number","minimum":0,"maximum":1}},"required":["w"],"additionalProperties":false}""").RootElement;

    private static ChatOptions StructuredOptions() => new() { ResponseFormat = ChatResponseFormat.ForJsonSchema(Schema, "selection"), Temperature = 0.1f, MaxOutputTokens = 64 };

    [Fact]
    public async Task Ollama_receives_the_schema_as_format_and_returns_the_reply()
    {
        await using var server = await LoopbackServer.StartAsync(body =>
        {
            var reply = new
            {
                model = "coder",
                created_at = "2026-01-01T00:00:00Z",
                message = new { role = "assistant", content = "{\"w\":0.7}" },
                done = true,
                done_reason = "stop",
                prompt_eval_count = 11,
                eval_count = 5,
            };
            return JsonSerializer.Serialize(reply) + "\n";
        });
        using var client = ChatClientFactory.Create(new InferenceBackendOptions { Backend = InferenceBackend.Ollama, OllamaUrl = server.Url, OllamaModel = "coder" });

        var response = await client.GetResponseAsync("pick", StructuredOptions(), CancellationToken.None);

        Assert.Equal("{\"w\":0.7}", response.Text);
        Assert.Equal(11, response.Usage?.InputTokenCount);
        var request = JsonDocument.Parse(Assert.Single(server.Requests).Body).RootElement;
        Assert.EndsWith("/api/chat", server.Requests[0].Path, StringComparison.Ordinal);
        Assert.Equal("coder", request.GetProperty("model").GetString());
        Assert.Equal(JsonValueKind.Object, request.GetProperty("format").ValueKind);
        Assert.Equal("number", request.GetProperty("format").GetProperty("properties").GetProperty("w").GetProperty("type").GetString());
    }

    [Fact]
    public async Task OpenAI_compatible_receives_the_schema_as_response_format()
    {
        await using var server = await LoopbackServer.StartAsync(_ => JsonSerializer.Serialize(new
        {
            id = "c1",
            @object = "chat.completion",
            created = 0,
            model = "coder",
            choices = new[] { new { index = 0, message = new { role = "assistant", content = "{\"w\":0.3}" }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 9, completion_tokens = 4, total_tokens = 13 },
        }));
        using var client = ChatClientFactory.Create(new InferenceBackendOptions { Backend = InferenceBackend.OpenAI, OpenAIUrl = new Uri(server.Url, "v1"), OpenAIModel = "coder", ApiKey = "test" });

        var response = await client.GetResponseAsync("pick", StructuredOptions(), CancellationToken.None);

        Assert.Equal("{\"w\":0.3}", response.Text);
        Assert.Equal(4, response.Usage?.OutputTokenCount);
        var request = JsonDocument.Parse(Assert.Single(server.Requests).Body).RootElement;
        Assert.EndsWith("/v1/chat/completions", server.Requests[0].Path, StringComparison.Ordinal);
        var format = request.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("selection", format.GetProperty("json_schema").GetProperty("name").GetString());
        // The schema reaches the server as FlowLens wrote it, numeric bounds included, so a serving engine's guided
        // decoding keeps weights and parameters in range (the selection parser still clamps what comes back).
        var w = format.GetProperty("json_schema").GetProperty("schema").GetProperty("properties").GetProperty("w");
        Assert.Equal("number", w.GetProperty("type").GetString());
        Assert.Equal(1, w.GetProperty("maximum").GetDouble());
        Assert.Equal(0, w.GetProperty("minimum").GetDouble());
    }

    /// <summary>A minimal HTTP/1.1 server on 127.0.0.1 that records each request and answers with one JSON body.</summary>
    private sealed class LoopbackServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly Func<string, string> _reply;
        private readonly CancellationTokenSource _stop = new();
        private Task _loop = Task.CompletedTask;

        private LoopbackServer(Func<string, string> reply)
        {
            _reply = reply;
            _listener = new TcpListener(IPAddress.Loopback, 0);
        }

        public List<(string Path, string Body)> Requests { get; } = [];

        public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

        public static Task<LoopbackServer> StartAsync(Func<string, string> reply)
        {
            var server = new LoopbackServer(reply);
            server._listener.Start();
            server._loop = server.ServeAsync();
            return Task.FromResult(server);
        }

        private async Task ServeAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                using (client)
                {
                    var stream = client.GetStream();
                    var head = new StringBuilder();
                    var buffer = new byte[1];
                    while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer) == 1)
                    {
                        head.Append((char)buffer[0]);
                    }

                    var lines = head.ToString().Split("\r\n");
                    var path = lines[0].Split(' ')[1];
                    var length = lines.Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)).Select(l => int.Parse(l[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                    var body = new byte[length];
                    var read = 0;
                    while (read < length)
                    {
                        read += await stream.ReadAsync(body.AsMemory(read));
                    }

                    var text = Encoding.UTF8.GetString(body);
                    Requests.Add((path, text));
                    var payload = Encoding.UTF8.GetBytes(_reply(text));
                    var header = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n");
                    await stream.WriteAsync(header);
                    await stream.WriteAsync(payload);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop;
            _stop.Dispose();
        }
    }
}
