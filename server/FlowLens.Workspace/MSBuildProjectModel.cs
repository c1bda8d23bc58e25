using FlowLens.Core.Projects;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FlowLens.Workspace;

/// <summary>
/// Core's <see cref="IProjectModel"/> from the shared <see cref="SolutionView"/>: Roslyn's MSBuild evaluation gives the
/// compile items, symbols, language version, nullable context and references; the restore's
/// <c>obj/project.assets.json</c>, read with NuGet.ProjectModel, gives the packages' runtime assemblies.
/// </summary>
public sealed class MSBuildProjectModel(SolutionViewCache views) : IProjectModel
{
    public async Task<ProjectModelResult> EvaluateAsync(string workspaceRoot, CancellationToken cancellationToken)
    {
        var view = await views.GetAsync(workspaceRoot, cancellationToken).ConfigureAwait(false);
        var problems = view.Diagnostics.ToList();
        var projects = new List<EvaluatedProject>();
        var solution = view.Current;
        foreach (var project in solution.Projects.Where(p => p.Language == LanguageNames.CSharp && p.FilePath is not null))
        {
            var parse = (CSharpParseOptions?)project.ParseOptions;
            var compilation = (CSharpCompilationOptions?)project.CompilationOptions;
            var references = project.MetadataReferences.OfType<PortableExecutableReference>().Select(r => r.FilePath).OfType<string>().ToList();
            var assets = Path.Combine(Path.GetDirectoryName(project.FilePath)!, "obj", "project.assets.json");
            var runtime = File.Exists(assets) ? RuntimeAssemblies(assets) : [];
            if (!File.Exists(assets))
            {
                problems.Add($"{Path.GetFileName(project.FilePath)} is not restored: run `dotnet restore {project.FilePath}`");
            }

            projects.Add(new EvaluatedProject(
                project.Name,
                project.AssemblyName,
                project.FilePath!,
                project.Documents.Select(d => d.FilePath).OfType<string>().ToList(),
                parse?.PreprocessorSymbolNames.ToList() ?? [],
                (parse?.LanguageVersion ?? LanguageVersion.Default).ToDisplayString(),
                compilation?.NullableContextOptions is { } nullable && nullable != NullableContextOptions.Disable,
                references,
                project.AnalyzerReferences.Select(a => a.FullPath).OfType<string>().ToList(),
                runtime,
                project.ProjectReferences.Select(r => solution.GetProject(r.ProjectId)?.FilePath).OfType<string>().ToList(),
                TestFrameworkOf(references)));
        }

        return new ProjectModelResult(projects, problems);
    }

    /// <summary>The test framework the compile references name, in the worker protocol's words.</summary>
    internal static string? TestFrameworkOf(IEnumerable<string> references)
    {
        var names = references.Select(Path.GetFileNameWithoutExtension).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        return names.Contains("xunit.v3.core") ? "xunit3"
            : names.Contains("xunit.core") ? "xunit2"
            : names.Contains("nunit.framework") ? "nunit"
            : names.Contains("Microsoft.VisualStudio.TestPlatform.TestFramework") || names.Contains("MSTest.TestFramework") ? "mstest"
            : null;
    }

    /// <summary>Every package's runtime assemblies for the project's (first) framework, as absolute paths in the packages folder, then the test adapters' assemblies.</summary>
    internal static IReadOnlyList<string> RuntimeAssemblies(string assetsPath) => RestoredAssets.Read(assetsPath).RuntimeAssemblies;
}
