namespace FlowLens.Core.Projects;

/// <summary>The restored assemblies of a set of packages (absolute paths), or why they could not be restored.</summary>
/// <param name="CompileAssemblies">What a compiler references: the packages' reference or lib assemblies.</param>
/// <param name="RuntimeAssemblies">What loads at run time, which may differ from the compile ones.</param>
/// <param name="Error">One line naming the package and what went wrong; null when the restore succeeded.</param>
public sealed record ResolvedPackages(IReadOnlyList<string> CompileAssemblies, IReadOnlyList<string> RuntimeAssemblies, string? Error)
{
    public static ResolvedPackages Failed(string error) => new([], [], error);
}
