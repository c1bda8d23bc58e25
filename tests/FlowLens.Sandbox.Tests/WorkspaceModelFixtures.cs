namespace FlowLens.Sandbox.Tests;

/// <summary>
/// A private copy of <c>tests/fixtures/workspace-model</c> for one test class: the real engine and the oracle build
/// and restore in it, never in the repository.
/// </summary>
public sealed class WorkspaceModelFixtures : IDisposable
{
    public string Root { get; } = Copy(Path.Combine(Paths.Fixtures, "workspace-model"), Directory.CreateTempSubdirectory("flowlens-workspace-model-").FullName);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    internal static string Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            {
                continue;
            }

            var destination = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return to;
    }
}
