namespace FlowLens.Sandbox.Worker.Protocol;

/// <summary>One assembly to compile, mirroring one user project (or the whole program for the program style).</summary>
internal sealed record JobProject
{
    public string Name { get; init; } = "Candidate";

    public IReadOnlyList<JobSource> Sources { get; init; } = [];

    /// <summary>Names of earlier projects in the job this one references.</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    public bool Nullable { get; init; }

    /// <summary>Emit an entry point (program style).</summary>
    public bool Executable { get; init; }

    public IReadOnlyList<string> PreprocessorSymbols { get; init; } = ["DEBUG", "TRACE"];

    /// <summary>Assembly names this project grants internals to (the csproj's InternalsVisibleTo items).</summary>
    public IReadOnlyList<string> InternalsVisibleTo { get; init; } = [];
}
