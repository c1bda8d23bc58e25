using System.Diagnostics;

namespace FlowLens.Workspace.Tests;

/// <summary>The NUnit fixture of <c>tests/fixtures/workspace-model</c>, copied to a temporary folder and restored once per test class.</summary>
public sealed class RestoredNunitFixture : IDisposable
{
    public RestoredNunitFixture()
    {
        var source = Path.Combine(RepoRoot(), "tests", "fixtures", "workspace-model", "nunit");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)))
        {
            var destination = Path.Combine(Root, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        using var restore = Process.Start(new ProcessStartInfo("dotnet", ["restore", Path.Combine(Root, "Shapes.sln"), "-v", "q"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = restore.StandardOutput.ReadToEnd() + restore.StandardError.ReadToEnd();
        restore.WaitForExit();
        if (restore.ExitCode != 0)
        {
            throw new InvalidOperationException("the fixture did not restore: " + output);
        }
    }

    public string Root { get; } = Directory.CreateTempSubdirectory("flowlens-workspace-nunit-").FullName;

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static string RepoRoot()
    {
        for (var directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "Extension.sln")))
            {
                return directory;
            }
        }

        throw new DirectoryNotFoundException("Extension.sln not found above " + AppContext.BaseDirectory);
    }
}
