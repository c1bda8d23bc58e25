namespace FlowLens.Sandbox.Worker.Protocol;

/// <summary>The answer to one <see cref="WorkerJob"/>, one JSON line on the worker's stdout.</summary>
internal sealed record WorkerResult
{
    public int Id { get; init; }

    public bool Compiled { get; init; }

    public IReadOnlyList<ResultViolation> Rejected { get; init; } = [];

    public IReadOnlyList<string> Diagnostics { get; init; } = [];

    public IReadOnlyList<ResultTest> Tests { get; init; } = [];

    public IReadOnlyList<ResultExample> Examples { get; init; } = [];

    public string Output { get; init; } = string.Empty;

    public bool OutputTruncated { get; init; }

    /// <summary>The worker's state is suspect (a test timed out, memory ran out): the parent should replace it.</summary>
    public bool Recycle { get; init; }

    public double Milliseconds { get; init; }

    /// <summary>A failure of the worker itself (a bug, not the candidate's).</summary>
    public string? WorkerError { get; init; }

    /// <summary>What ran the tests, in words (e.g. "NUnit 4.2.2 via its FrameworkController in the sandbox").</summary>
    public string? Runner { get; init; }
}
