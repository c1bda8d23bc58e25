using NuGet.Common;
using NuGet.ProjectModel;

namespace FlowLens.Workspace;

/// <summary>
/// What a restore's <c>project.assets.json</c> says the packages bring for the project's (first) framework, read with
/// NuGet.ProjectModel: their compile and runtime assemblies as absolute paths in the packages folder. Runtime
/// assemblies end with the test adapters' assemblies, which are no runtime assets (see <see cref="AdapterAssemblies"/>).
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

        runtime.AddRange(AdapterAssemblies(lockFile, target, folder));
        return new RestoredAssets(compile, runtime);
    }

    /// <summary>
    /// Test adapters (MSTest.TestAdapter) are no runtime assets: their assemblies lie beside the build props that copy
    /// them to the output, in the folder NuGet chose for the project's framework, and MSTest 2 keeps the rest in
    /// build/_common. They come last, so a package's own runtime copy of an assembly wins.
    /// </summary>
    private static IEnumerable<string> AdapterAssemblies(LockFile lockFile, LockFileTarget target, string folder)
    {
        foreach (var library in target.Libraries.Where(l => l.Type == "package"))
        {
            if (lockFile.GetLibrary(library.Name, library.Version)?.Path is not { } location)
            {
                continue;
            }

            // Asset paths use '/'; "build/x.props" is the package's build root, "build/net8.0/x.props" a framework's folder.
            var folders = library.Build.Where(b => b.Path.Count(c => c == '/') >= 2)
                .Select(b => b.Path[..b.Path.LastIndexOf('/')])
                .SelectMany(f => new[] { f, f[..f.LastIndexOf('/')] + "/_common" })
                .Distinct(StringComparer.Ordinal);
            foreach (var build in folders)
            {
                var directory = Path.GetFullPath(Path.Combine(folder, location, build));
                if (Directory.Exists(directory))
                {
                    foreach (var file in Directory.GetFiles(directory, "*.dll").Order(StringComparer.Ordinal))
                    {
                        yield return file;
                    }
                }
            }
        }
    }
}
