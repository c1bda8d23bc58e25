using System.Reflection;
using System.Runtime.Loader;

namespace FlowLens.Sandbox.Worker.Execution;

/// <summary>
/// A collectible context holding one job's assemblies; unloaded after the job so memory does not grow with the
/// number of candidates. Anything else (the framework, xunit.assert) resolves from the default context.
/// </summary>
internal sealed class CandidateLoadContext : AssemblyLoadContext
{
    private readonly Dictionary<string, Assembly> _loaded = new(StringComparer.Ordinal);

    public CandidateLoadContext()
        : base("candidate", isCollectible: true)
    {
    }

    public Assembly Add(string name, byte[] image)
    {
        using var stream = new MemoryStream(image, writable: false);
        var assembly = LoadFromStream(stream);
        _loaded[name] = assembly;
        return assembly;
    }

    protected override Assembly? Load(AssemblyName assemblyName) =>
        assemblyName.Name is { } name && _loaded.TryGetValue(name, out var assembly) ? assembly : null;
}
