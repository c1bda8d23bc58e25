namespace FlowLens.Sandbox.Worker.Protocol;

/// <summary>
/// Checks evaluated as members inserted into the target's class at <see cref="InsertAt"/> (a character offset in
/// the source <see cref="Path"/> of project <see cref="Project"/>), on one line so no user line number moves.
/// </summary>
internal sealed record JobExamples
{
    public string Project { get; init; } = "Candidate";

    public string Path { get; init; } = "Candidate.cs";

    public int InsertAt { get; init; }

    /// <summary>The target method is static: checks are static members; otherwise instance members on a new object.</summary>
    public bool IsStatic { get; init; } = true;

    public IReadOnlyList<JobExample> Items { get; init; } = [];
}
