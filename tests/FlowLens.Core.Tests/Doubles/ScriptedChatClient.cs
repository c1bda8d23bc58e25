using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace FlowLens.Core.Tests.Doubles;

/// <summary>
/// A test double for the worker and meta-agent models: each capability (read from the request's
/// "flowlens.capability" property) answers with a scripted function of the prompt. Counts calls per capability and
/// records every request; with a <see cref="Delay"/> each answer takes that long, and the most requests in flight at
/// once is kept.
/// </summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private readonly Dictionary<string, Func<string, ChatOptions, string>> _scripts;

    public ScriptedChatClient(Dictionary<string, Func<string, ChatOptions, string>> scripts)
    {
        _scripts = scripts;
    }

    public ConcurrentDictionary<string, int> Calls { get; } = new();

    /// <summary>Every request: its capability, its whole prompt and its seed.</summary>
    public ConcurrentQueue<(string Capability, string Prompt, long? Seed)> Requests { get; } = new();

    /// <summary>How long each answer takes; zero answers at once.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>The most requests that were in flight at once.</summary>
    public int PeakInFlight => Volatile.Read(ref _peak);

    private int _inFlight;
    private int _peak;

    public int TotalCalls => Calls.Values.Sum();

    /// <summary>The finish reason every answer reports (null: none, as some servers send).</summary>
    public ChatFinishReason? FinishReason { get; init; }

    /// <summary>The system message of the latest request, if it had one.</summary>
    public string? LastSystemMessage { get; private set; }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var capability = options.AdditionalProperties?["flowlens.capability"] as string ?? "?";
        Calls.AddOrUpdate(capability, 1, (_, n) => n + 1);
        LastSystemMessage = messages.FirstOrDefault(m => m.Role == ChatRole.System)?.Text;
        var prompt = string.Join("\n", messages.Select(m => m.Text));
        Requests.Enqueue((capability, prompt, options.Seed));
        var text = _scripts.TryGetValue(capability, out var script)
            ? script(prompt, options)
            : throw new InvalidOperationException($"no script for capability '{capability}'");
        if (Delay > TimeSpan.Zero)
        {
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _peak, now);
            try
            {
                await Task.Delay(Delay, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            Usage = new UsageDetails { InputTokenCount = prompt.Length / 4, OutputTokenCount = text.Length / 4 },
            FinishReason = FinishReason,
        };
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the engine does not stream");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
