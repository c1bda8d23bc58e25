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

    /// <summary>Absolute paths; when non-empty the worker compiles against exactly these instead of its own reference set.</summary>
    public IReadOnlyList<string> MetadataReferences { get; init; } = [];

    /// <summary>Absolute paths the candidate load context resolves from.</summary>
    public IReadOnlyList<string> RuntimeAssemblies { get; init; } = [];

    /// <summary>Absolute paths of analyzers and source generators; generators run.</summary>
    public IReadOnlyList<string> AnalyzerReferences { get; init; } = [];

    /// <summary>The project's C# language version as MSBuild evaluated it (e.g. <c>14.0</c>); null for the worker's default.</summary>
    public string? LanguageVersion { get; init; }
}
