using NuGet.Common;
using NuGet.ProjectModel;

namespace FlowLens.Workspace;

/// <summary>
/// What a restore's <c>project.assets.json</c> says the packages bring for the project's (first) framework, read with
/// NuGet.ProjectModel: their compile and runtime assemblies as absolute paths in the packages folder.
/// </summary>
internal sealed record RestoredAssets(IReadOnlyList<string> CompileAssemblies, IReadOnlyList<string> RuntimeAssemblies)
{
    public static RestoredAssets Read(string assetsPath)
    {
        var lockFile = LockFileUtilities.GetLockFile(assetsPath, NullLogger.Instance);
        var folder = lockFile?.PackageFolders.FirstOrDefault()?.Path;
        var target = lockFile?.Targets.FirstOrDefault(t => string.IsNullOrEmpty(t.RuntimeIdentifier));
        if (lockFile is null || folder is null || target is null)
        {
            return new RestoredAssets([], []);
        }

        var compile = new List<string>();
        var runtime = new List<string>();
        foreach (var library in target.Libraries.Where(l => l.Type == "package"))
        {
            var location = lockFile.GetLibrary(library.Name, library.Version)?.Path;
            if (location is null)
            {
                continue;
            }

            // A "_._" entry is NuGet's way of saying the package brings nothing for this framework.
            compile.AddRange(library.CompileTimeAssemblies.Where(a => !a.Path.EndsWith("/_._", StringComparison.Ordinal)).Select(a => Path.GetFullPath(Path.Combine(folder, location, a.Path))));
            runtime.AddRange(library.RuntimeAssemblies.Where(a => !a.Path.EndsWith("/_._", StringComparison.Ordinal)).Select(a => Path.GetFullPath(Path.Combine(folder, location, a.Path))));
        }

        return new RestoredAssets(compile, runtime);
    }
}
