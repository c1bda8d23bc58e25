namespace FlowLens.Inference;

/// <summary>How FlowLens talks to a model server: how long one request may take and how often a transient fault is retried.</summary>
public sealed record ServerRequestOptions
{
    /// <summary>Long enough for a reasoning model to write a few thousand tokens on a shared GPU, short enough that a silent server is noticed.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(300);

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Retries after a refused connection or a 429/5xx answer; never after a timeout, which would multiply the wait.</summary>
    public int MaxRetries { get; init; } = 2;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Where each retry is reported as it happens (a log line); null reports retries only in the final error.</summary>
    public IProgress<string>? Retries { get; init; }
}
