using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace FlowLens.Cli.Tests.Integration;

/// <summary>
/// An OpenAI-compatible chat server on 127.0.0.1 for a real <c>flowlens</c> process: each request's messages are
/// joined and handed to <c>reply</c>, whose text comes back as the assistant's answer. It records every prompt.
/// </summary>
internal sealed class OpenAILoopbackModel : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, string> _reply;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public OpenAILoopbackModel(Func<string, string> reply)
    {
        _reply = reply;
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1";

    public List<string> Prompts { get; } = [];

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

            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) == 1)
            {
                head.Append((char)one[0]);
            }

            var length = head.ToString().Split("\r\n")
                .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                .Select(l => int.Parse(l[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
                .FirstOrDefault();
            var body = new byte[length];
            for (var read = 0; read < length;)
            {
                read += await stream.ReadAsync(body.AsMemory(read));
            }

            using var request = JsonDocument.Parse(body);
            var prompt = string.Join("\n", request.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").ValueKind == JsonValueKind.String ? m.GetProperty("content").GetString() : m.GetProperty("content").ToString()));
            lock (Prompts)
            {
                Prompts.Add(prompt);
            }

            var payload = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
            {
                id = "c1",
                @object = "chat.completion",
                created = 0,
                model = "scripted",
                choices = new[] { new { index = 0, message = new { role = "assistant", content = _reply(prompt) }, finish_reason = "stop" } },
                usage = new { prompt_tokens = prompt.Length / 4, completion_tokens = 40, total_tokens = (prompt.Length / 4) + 40 },
            }));
            var header = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(header);
            await stream.WriteAsync(payload);
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
