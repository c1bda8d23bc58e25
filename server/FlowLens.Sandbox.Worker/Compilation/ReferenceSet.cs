using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;

namespace FlowLens.Sandbox.Worker.Compilation;

/// <summary>
/// The metadata references candidates compile against, built once per worker. <see cref="Core"/> is the part of the
/// shared framework that candidate code may use at all (the policy denies most of the rest), plus xunit's assert and
/// attribute assemblies and the worker itself: about 40 assemblies instead of 170, which keeps the worker's resident set
/// about 39 MB smaller. <see cref="All"/> is the whole shared framework; a job that does
/// not compile against the core set for want of a type or namespace is compiled again against it (trusted user code
/// may use anything).
/// </summary>
internal static class ReferenceSet
{
    /// <summary>Framework assemblies in the core set (simple names).</summary>
    private static readonly HashSet<string> CoreNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "System.Private.CoreLib", "System.Runtime", "netstandard", "mscorlib", "System",
        "System.Collections", "System.Collections.Concurrent", "System.Collections.Immutable", "System.Collections.NonGeneric", "System.Collections.Specialized",
        "System.Linq", "System.Linq.Expressions", "System.Linq.Queryable",
        "System.Console", "System.Diagnostics.Debug", "System.Diagnostics.Tracing", "System.Diagnostics.TraceSource",
        "System.Memory", "System.Runtime.Extensions", "System.Runtime.Numerics", "System.Numerics.Vectors", "System.Runtime.Intrinsics",
        "System.Text.RegularExpressions", "System.Text.Encoding.Extensions", "System.Text.Encoding",
        "System.Threading", "System.Threading.Tasks", "System.Threading.Thread", "System.Threading.Tasks.Extensions",
        "System.ObjectModel", "System.ComponentModel", "System.ComponentModel.Primitives", "System.ComponentModel.TypeConverter",
        "System.Reflection", "System.Reflection.Primitives", "System.Runtime.InteropServices", "System.Runtime.CompilerServices.Unsafe",
        "System.Globalization", "System.ValueTuple", "System.Buffers",
    };

    private static readonly Lazy<List<string>> FrameworkPaths = new(() =>
    {
        var frameworkDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        return ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p.StartsWith(frameworkDirectory, StringComparison.Ordinal))
            .ToList();
    });

    private static readonly Lazy<IReadOnlyList<MetadataReference>> CoreLazy = new(() => Build(FrameworkPaths.Value.Where(p => CoreNames.Contains(Path.GetFileNameWithoutExtension(p)))));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, MetadataReference> ByPath = new(StringComparer.Ordinal);

    private static readonly Lazy<IReadOnlyList<MetadataReference>> AllLazy = new(() => Build(FrameworkPaths.Value));

    public static IReadOnlyList<MetadataReference> Core => CoreLazy.Value;

    public static IReadOnlyList<MetadataReference> All => AllLazy.Value;

    /// <summary>
    /// A project's own references (MSBuild's answer) plus the worker, whose run guard the rewritten candidate calls.
    /// Each file is read once per worker: the same packages serve every candidate of a project.
    /// </summary>
    public static IReadOnlyList<MetadataReference> FromPaths(IReadOnlyList<string> paths)
    {
        var references = new List<MetadataReference>(paths.Count + 1);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in paths)
        {
            if (seen.Add(Path.GetFileName(path)))
            {
                references.Add(ByPath.GetOrAdd(path, p => MetadataReference.CreateFromFile(p)));
            }
        }

        references.Add(ByPath.GetOrAdd(typeof(ReferenceSet).Assembly.Location, p => MetadataReference.CreateFromFile(p)));
        return references;
    }

    /// <summary>Package assemblies added to the worker's own set, each read once per worker.</summary>
    public static IEnumerable<MetadataReference> Files(IReadOnlyList<string> paths) =>
        paths.DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).Select(path => ByPath.GetOrAdd(path, p => MetadataReference.CreateFromFile(p)));

    /// <summary>Errors that mean "a type or namespace is missing", which the full framework may supply.</summary>
    public static bool MayNeedMore(string diagnosticId) => diagnosticId is "CS0246" or "CS0234" or "CS0012" or "CS1069" or "CS0103" or "CS1061" or "CS7069";

    private static List<MetadataReference> Build(IEnumerable<string> framework)
    {
        var paths = framework.ToList();
        paths.Add(typeof(Xunit.Assert).Assembly.Location);
        paths.Add(typeof(Xunit.FactAttribute).Assembly.Location);
        paths.Add(typeof(Xunit.Abstractions.ITestOutputHelper).Assembly.Location);

        // The worker's own assembly: rewritten tests call its AssertProbe. The policy denies it to candidates.
        paths.Add(typeof(ReferenceSet).Assembly.Location);
        return paths.Distinct(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    }
}
