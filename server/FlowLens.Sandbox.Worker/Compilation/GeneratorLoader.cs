using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FlowLens.Sandbox.Worker.Compilation;

/// <summary>
/// Loads a project's analyzer assemblies (trusted: they come with the user's packages or the SDK) and hands out the
/// C# source generators among them, each file once per worker. They load into the default context, where the
/// worker's own Roslyn is, so a generator's Roslyn types are the compiler's; a generator's other dependencies are
/// found beside the analyzer assemblies the job named.
/// </summary>
internal sealed class GeneratorLoader : IAnalyzerAssemblyLoader
{
    private static readonly GeneratorLoader Instance = new();
    private static readonly ConcurrentDictionary<string, IReadOnlyList<ISourceGenerator>> ByPath = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Assembly> _loaded = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _dependencies = new(StringComparer.OrdinalIgnoreCase);

    private GeneratorLoader() => AssemblyLoadContext.Default.Resolving += (context, name) =>
        name.Name is { } simple && _dependencies.TryGetValue(simple, out var path) ? LoadFromPath(path) : null;

    public static IReadOnlyList<ISourceGenerator> Generators(IReadOnlyList<string> paths)
    {
        foreach (var path in paths)
        {
            Instance.AddDependencyLocation(path);
        }

        return paths.SelectMany(p => ByPath.GetOrAdd(p, path => new AnalyzerFileReference(path, Instance).GetGenerators(LanguageNames.CSharp))).ToList();
    }

    public void AddDependencyLocation(string fullPath) => _dependencies.TryAdd(Path.GetFileNameWithoutExtension(fullPath), fullPath);

    public Assembly LoadFromPath(string fullPath) => _loaded.GetOrAdd(fullPath, AssemblyLoadContext.Default.LoadFromAssemblyPath);
}
