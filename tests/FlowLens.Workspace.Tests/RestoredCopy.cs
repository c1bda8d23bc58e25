using System.Diagnostics;

namespace FlowLens.Workspace.Tests;

/// <summary>Copies a fixture of <c>tests/fixtures</c> (by default of <c>workspace-model</c>) to a temporary folder and restores it there.</summary>
internal static class RestoredCopy
{
    public static string Of(string fixture, string solution) => Of("workspace-model", fixture, solution);

    /// <summary>Copies <c>tests/fixtures/GROUP/FIXTURE</c> and restores <paramref name="solution"/> (a solution or project file) in the copy.</summary>
    public static string Of(string group, string fixture, string solution)
    {
        var root = Directory.CreateTempSubdirectory($"flowlens-workspace-{fixture}-").FullName;
        var source = Path.Combine(RepoRoot(), "tests", "fixtures", group, fixture);
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
