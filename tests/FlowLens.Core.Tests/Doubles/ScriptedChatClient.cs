using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace FlowLens.Core.Tests.Doubles;

/// <summary>
/// A test double for the worker and meta-agent models: each capability (read from the request's
/// "flowlens.capability" property) answers with a scripted function of the prompt. Counts calls per capability.
/// </summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private readonly Dictionary<string, Func<string, ChatOptions, string>> _scripts;

    public ScriptedChatClient(Dictionary<string, Func<string, ChatOptions, string>> scripts)
    {
        _scripts = scripts;
    }

    public ConcurrentDictionary<string, int> Calls { get; } = new();

    public int TotalCalls => Calls.Values.Sum();

    /// <summary>The finish reason every answer reports (null: none, as some servers send).</summary>
    public ChatFinishReason? FinishReason { get; init; }

    /// <summary>The system message of the latest request, if it had one.</summary>
    public string? LastSystemMessage { get; private set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var capability = options.AdditionalProperties?["flowlens.capability"] as string ?? "?";
        Calls.AddOrUpdate(capability, 1, (_, n) => n + 1);
        LastSystemMessage = messages.FirstOrDefault(m => m.Role == ChatRole.System)?.Text;
        var prompt = string.Join("\n", messages.Select(m => m.Text));
        var text = _scripts.TryGetValue(capability, out var script)
            ? script(prompt, options)
            : throw new InvalidOperationException($"no script for capability '{capability}'");
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            Usage = new UsageDetails { InputTokenCount = prompt.Length / 4, OutputTokenCount = text.Length / 4 },
            FinishReason = FinishReason,
        });
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the engine does not stream");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
