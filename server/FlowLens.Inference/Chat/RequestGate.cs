using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace FlowLens.Inference;

/// <summary>
/// One bounded gate on the model requests in flight to a backend: callers past the limit wait their turn. A serving
/// engine (vLLM, SGLang, llama-server, Ollama) batches the requests let through together; the in-process backend
/// decodes one sequence at a time, so its gate is usually 1 and concurrent callers simply queue here.
/// </summary>
public sealed class RequestGate : DelegatingChatClient
{
    private readonly SemaphoreSlim _slots;
    private readonly Lock _count = new();
    private int _inFlight;
    private int _peak;

    public RequestGate(IChatClient inner, int limit)
        : base(inner)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        Limit = limit;
        _slots = new SemaphoreSlim(limit, limit);
    }

    public int Limit { get; }

    /// <summary>The most requests that were in flight at once so far.</summary>
    public int PeakInFlight
    {
        get
        {
            lock (_count)
            {
                return _peak;
            }
        }
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        Enter();
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Leave();
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        Enter();
        try
        {
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }
        }
        finally
        {
            Leave();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _slots.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Enter()
    {
        lock (_count)
        {
            _inFlight++;
            _peak = Math.Max(_peak, _inFlight);
        }
    }

    private void Leave()
    {
        lock (_count)
        {
            _inFlight--;
        }

        _slots.Release();
    }
}
