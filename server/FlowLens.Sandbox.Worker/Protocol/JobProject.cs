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

    /// <summary>
    /// Absolute paths of the assemblies this project compiles against (framework reference assemblies and package
    /// compile assemblies, as MSBuild resolved them). When non-empty they replace the worker's own reference set.
    /// </summary>
    public IReadOnlyList<string> MetadataReferences { get; init; } = [];

    /// <summary>
    /// Absolute paths of package compile assemblies added to the worker's own reference set when
    /// <see cref="MetadataReferences"/> is empty (a file-based app's <c>#:package</c> directives, restored by the parent).
    /// </summary>
    public IReadOnlyList<string> AddedReferences { get; init; } = [];

    /// <summary>Absolute paths the candidate load context resolves assembly names from (the packages' runtime assemblies).</summary>
    public IReadOnlyList<string> RuntimeAssemblies { get; init; } = [];

    /// <summary>Absolute paths of analyzer assemblies; the source generators among them run as in a normal build.</summary>
    public IReadOnlyList<string> AnalyzerReferences { get; init; } = [];

    /// <summary>The project's <c>LangVersion</c> (for example "12.0", "latest", "preview"); null: the newest.</summary>
    public string? LanguageVersion { get; init; }
}
