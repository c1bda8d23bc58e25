namespace FlowLens.Inference;

/// <summary>The requested context (or prompt) does not fit: checked before llama allocates anything.</summary>
public sealed class ContextTooLargeException : InferenceException
{
    public ContextTooLargeException()
    {
    }

    public ContextTooLargeException(string message)
        : base(message)
    {
    }

    public ContextTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ContextTooLargeException(int requestedTokens, long estimatedBytes, long availableBytes)
        : base($"A context of {requestedTokens} tokens needs about {estimatedBytes / (1024 * 1024)} MiB but only "
            + $"{availableBytes / (1024 * 1024)} MiB is available. Lower ContextSize (flowlens: --context) or free memory.")
    {
        RequestedTokens = requestedTokens;
        EstimatedBytes = estimatedBytes;
        AvailableBytes = availableBytes;
    }

    public int RequestedTokens { get; }

    public long EstimatedBytes { get; }

    public long AvailableBytes { get; }
}
