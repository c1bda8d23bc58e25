namespace FlowLens.Core.Projects;

/// <summary>
/// One project as MSBuild evaluated it for a design-time build: what a compiler needs to compile it exactly as
/// <c>dotnet build</c> would, and what a runner needs to load it. Every path is absolute.
/// </summary>
/// <param name="Documents">Compile items, generated files included (global usings, assembly attributes such as InternalsVisibleTo).</param>
/// <param name="LanguageVersion">The effective C# language version (e.g. <c>14.0</c>).</param>
/// <param name="MetadataReferences">The exact compile assemblies of the restore and the framework's reference assemblies.</param>
/// <param name="AnalyzerReferences">Analyzers and source generators the build runs.</param>
/// <param name="RuntimeAssemblies">Runtime assemblies of the packages (from <c>obj/project.assets.json</c>), which may differ from the compile ones.</param>
/// <param name="ProjectReferences">Paths of the projects this one references.</param>
/// <param name="TestFramework"><c>xunit2</c>, <c>xunit3</c>, <c>nunit</c> or <c>mstest</c> when the project references one; null otherwise.</param>
public sealed record EvaluatedProject(
    string Name,
    string AssemblyName,
    string FilePath,
    IReadOnlyList<string> Documents,
    IReadOnlyList<string> PreprocessorSymbols,
    string LanguageVersion,
    bool Nullable,
    IReadOnlyList<string> MetadataReferences,
    IReadOnlyList<string> AnalyzerReferences,
    IReadOnlyList<string> RuntimeAssemblies,
    IReadOnlyList<string> ProjectReferences,
    string? TestFramework);
