namespace FlowLens.Sandbox.Worker.Protocol;

/// <summary>
/// One source file. The policy applies to the characters [<see cref="PolicedStart"/>, PolicedStart+<see cref="PolicedLength"/>):
/// the candidate's code. The rest of the file is the user's and trusted.
/// </summary>
internal sealed record JobSource
{
    public string Path { get; init; } = "Candidate.cs";

    public string Text { get; init; } = string.Empty;

    public int PolicedStart { get; init; }

    /// <summary>0: nothing policed (a trusted file); -1: the whole file.</summary>
    public int PolicedLength { get; init; }

    /// <summary>A test file: its tests are run (xunit) or its asserts counted (program).</summary>
    public bool IsTests { get; init; }
}
