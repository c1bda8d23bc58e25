using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;

namespace FlowLens.Sandbox.Worker.Compilation;

/// <summary>
/// The metadata references every candidate compiles against, built once per worker: the shared framework's
/// assemblies (not the worker's own Roslyn or FlowLens assemblies) plus xunit's assert and attribute assemblies.
/// Building them is the bulk of a cold compile; reusing them keeps a warm compile in milliseconds.
/// </summary>
internal static class ReferenceSet
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> Lazy = new(Build);

    public static IReadOnlyList<MetadataReference> All => Lazy.Value;

    private static List<MetadataReference> Build()
    {
        var frameworkDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p.StartsWith(frameworkDirectory, StringComparison.Ordinal))
            .ToList();
        paths.Add(typeof(Xunit.Assert).Assembly.Location);
        paths.Add(typeof(Xunit.FactAttribute).Assembly.Location);
        paths.Add(typeof(Xunit.Abstractions.ITestOutputHelper).Assembly.Location);

        // The worker's own assembly: rewritten tests call its AssertProbe. The policy denies it to candidates.
        paths.Add(typeof(ReferenceSet).Assembly.Location);
        return paths.Distinct(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    }
}
