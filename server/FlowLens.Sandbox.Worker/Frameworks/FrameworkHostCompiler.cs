using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FlowLens.Sandbox.Worker.Frameworks;

/// <summary>
/// Compiles a framework host (the sources under <c>Frameworks/Hosts</c>, carried as resources) against the test
/// project's own references, so the worker implements a framework's runner interfaces with the very contract
/// assembly the project restored, and ships no copy of it. A host is compiled once per worker and reference set; each
/// job loads the image into its own load context beside the framework.
/// </summary>
internal static class FrameworkHostCompiler
{
    private static readonly ConcurrentDictionary<string, Lazy<(byte[]? Image, string? Error)>> Images = new(StringComparer.Ordinal);

    /// <param name="host">The host's file name under Frameworks/Hosts, for example "MSTestAdapterHost.cs".</param>
    /// <param name="references">The paths to compile against: the test project's compile references and runtime assemblies.</param>
    /// <returns>The host's image, or why it did not compile (the framework's contract is not the one the host was written for).</returns>
    public static (byte[]? Image, string? Error) Compile(string host, IEnumerable<string> references)
    {
        // One path per assembly name: a compile reference wins over the runtime copy of the same assembly.
        var paths = references.GroupBy(p => Path.GetFileName(p), StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToList();
        var key = host + "\n" + string.Join("\n", paths.Order(StringComparer.Ordinal));
        return Images.GetOrAdd(key, _ => new Lazy<(byte[]?, string?)>(() => Emit(host, paths))).Value;
    }

    private static (byte[]? Image, string? Error) Emit(string host, IReadOnlyList<string> paths)
    {
        using var stream = typeof(FrameworkHostCompiler).Assembly.GetManifestResourceStream("FlowLens.Sandbox.Worker.Hosts." + host)
            ?? throw new InvalidOperationException($"the framework host {host} is not among the worker's resources");
        using var reader = new StreamReader(stream);
        var tree = CSharpSyntaxTree.ParseText(reader.ReadToEnd(), new CSharpParseOptions(LanguageVersion.Latest), host);
        var references = paths.Where(File.Exists).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, concurrentBuild: false);
        var name = "FlowLens.Sandbox.Worker.Hosts." + Path.GetFileNameWithoutExtension(host);
        var compilation = CSharpCompilation.Create(name, [tree], references, options);
        using var pe = new MemoryStream();
        var emit = compilation.Emit(pe);
        if (!emit.Success)
        {
            var errors = emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(3).Select(d => d.ToString());
            return (null, string.Join("; ", errors));
        }

        return (pe.ToArray(), null);
    }
}
