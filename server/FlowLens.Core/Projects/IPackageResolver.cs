namespace FlowLens.Core.Projects;

/// <summary>
/// Turns package references that no project restores (a file-based app's <c>#:package Name@Version</c> directives) into
/// the assemblies a compiler and a runtime need, restoring them the way <c>dotnet run app.cs</c> would, outside any
/// sandbox and with a time limit.
/// </summary>
public interface IPackageResolver
{
    /// <summary>
    /// The compile and runtime assemblies of <paramref name="packages"/> (each <c>Name@Version</c>), restored with the
    /// NuGet configuration that applies to <paramref name="appDirectory"/>; a set that cannot be restored comes back
    /// with <see cref="ResolvedPackages.Error"/> in one line.
    /// </summary>
    Task<ResolvedPackages> ResolveAsync(IReadOnlyList<string> packages, string appDirectory, CancellationToken cancellationToken);
}
