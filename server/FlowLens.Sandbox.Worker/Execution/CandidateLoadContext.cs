using System.Reflection;
using System.Runtime.Loader;

namespace FlowLens.Sandbox.Worker.Execution;

/// <summary>
/// A collectible context holding one job's assemblies; unloaded after the job so memory does not grow with the
/// number of candidates. A job built from a real project also names its packages' runtime assemblies: they load here
/// from their paths, so the user's test framework, assertion and mocking libraries run as their own build runs them.
/// Anything else (the framework, the worker's run guard) resolves from the default context, and so do the
/// <see cref="SharedContracts"/>, whose types the worker itself implements to talk to a test framework.
/// </summary>
/// <remarks>
/// The context must not keep its own <see cref="Assembly"/> objects in a field: that reference kept every unloaded
/// context's native loader heaps alive (about 22 KB per job, 20 MB per 1000 jobs, measured with a bare context
/// against one holding a dictionary). Names are resolved through <see cref="AssemblyLoadContext.Assemblies"/>,
/// which the runtime tracks without rooting anything.
/// </remarks>
internal sealed class CandidateLoadContext : AssemblyLoadContext
{
    /// <summary>
    /// xunit.abstractions is the contract between xunit v2 and every runner; its assembly version has been 2.0.0.0
    /// since xunit 2.0, so the worker's copy is the user's copy, and sharing it lets the worker receive xunit's messages.
    /// </summary>
    private static readonly HashSet<string> SharedContracts = new(StringComparer.OrdinalIgnoreCase) { "xunit.abstractions" };

    private static readonly Lazy<HashSet<string>> FrameworkNames = new(() =>
    {
        var frameworkDirectory = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        return ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p.StartsWith(frameworkDirectory, StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    });

    private readonly Dictionary<string, string> _runtime;

    public CandidateLoadContext()
        : this([])
    {
    }

    /// <param name="runtimeAssemblies">Absolute paths of the packages' runtime assemblies; the first of a name wins.</param>
    public CandidateLoadContext(IEnumerable<string> runtimeAssemblies)
        : base("candidate", isCollectible: true)
    {
        _runtime = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in runtimeAssemblies)
        {
            // The shared framework is newer than any copy a package carries, and the worker's own contracts must stay one.
            var name = Path.GetFileNameWithoutExtension(path);
            if (!FrameworkNames.Value.Contains(name) && !SharedContracts.Contains(name) && !name.StartsWith("FlowLens.Sandbox.Worker", StringComparison.OrdinalIgnoreCase))
            {
                _runtime.TryAdd(name, path);
            }
        }
    }

    public Assembly Add(byte[] image)
    {
        using var stream = new MemoryStream(image, writable: false);
        return LoadFromStream(stream);
    }

    /// <summary>
    /// Loads an image from a file written for it: test frameworks find their tests' folder and name through
    /// <see cref="Assembly.Location"/> (NUnit 4.2 refuses an assembly without one).
    /// </summary>
    public Assembly AddFile(string folder, string name, byte[] image)
    {
        var path = Path.Combine(folder, name + ".dll");
        File.WriteAllBytes(path, image);
        return LoadFromAssemblyPath(path);
    }

    /// <summary>Loads a runtime assembly of the job by its simple name, or null when the job has none of that name.</summary>
    public Assembly? LoadRuntime(string name) => _runtime.ContainsKey(name) ? LoadFromAssemblyName(new AssemblyName(name)) : null;

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is not { } name)
        {
            return null;
        }

        if (Assemblies.FirstOrDefault(a => string.Equals(a.GetName().Name, name, StringComparison.Ordinal)) is { } loaded)
        {
            return loaded;
        }

        return _runtime.TryGetValue(name, out var path) ? LoadFromAssemblyPath(path) : null;
    }
}
