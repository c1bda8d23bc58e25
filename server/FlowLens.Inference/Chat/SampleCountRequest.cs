using Microsoft.Extensions.AI;

namespace FlowLens.Inference;

/// <summary>
/// One request's ask for several samples, carried from <see cref="SampleCountChatClient"/> down to
/// <see cref="SampleCountHandler"/> in the request's own async flow: the client library between them neither sends
/// <c>n</c> nor reads more than the first choice, so the HTTP layer adds the one and collects the others here.
/// </summary>
internal sealed class SampleCountRequest(int count)
{
    private static readonly AsyncLocal<SampleCountRequest?> Flowing = new();

    /// <summary>The ask of the request being sent in this async flow, if it asks for several samples.</summary>
    public static SampleCountRequest? Current
    {
        get => Flowing.Value;
        set => Flowing.Value = value;
    }

    public int Count { get; } = count;

    /// <summary>How many choices the server's answer held (0 until an answer was read).</summary>
    public int Received { get; set; }

    /// <summary>The choices after the first, in the server's order.</summary>
    public IReadOnlyList<ChatResponse> Further { get; set; } = [];

    /// <summary>True when the server refused the request with the count and answered it without.</summary>
    public bool Refused { get; set; }
}
