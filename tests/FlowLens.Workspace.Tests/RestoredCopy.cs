using System.Diagnostics;

namespace FlowLens.Workspace.Tests;

/// <summary>Copies a fixture of <c>tests/fixtures/workspace-model</c> to a temporary folder and restores it there.</summary>
internal static class RestoredCopy
{
    public static string Of(string fixture, string solution)
    {
        var root = Directory.CreateTempSubdirectory($"flowlens-workspace-{fixture}-").FullName;
        var source = Path.Combine(RepoRoot(), "tests", "fixtures", "workspace-model", fixture);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)))
        {
            var destination = Path.Combine(root, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        using var restore = Process.Start(new ProcessStartInfo("dotnet", ["restore", Path.Combine(root, solution), "-v", "q"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = restore.StandardOutput.ReadToEnd() + restore.StandardError.ReadToEnd();
        restore.WaitForExit();
        if (restore.ExitCode != 0)
        {
            throw new InvalidOperationException("the fixture did not restore: " + output);
        }

        return root;
    }

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
