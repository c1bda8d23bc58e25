namespace FlowLens.Cli.Tests.Loopback;

/// <summary>A private copy of <c>samples/compress</c> in a temporary folder, deleted on dispose.</summary>
public sealed class SampleWorkspace : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("flowlens-loopback");

    public SampleWorkspace()
    {
        var sample = Path.Combine(FlowLensProcess.RepoRoot, "samples", "compress");
        foreach (var file in Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(sample, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".flowlens"))
            {
                continue;
            }

            var destination = Path.Combine(_root.FullName, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        // A workspace is found upwards by its solution, .git or .flowlens folder; the sample has none of its own.
        Directory.CreateDirectory(Path.Combine(_root.FullName, ".flowlens"));
    }

    public string Root => _root.FullName;

    /// <summary>The task's source file, relative to <see cref="Root"/>.</summary>
    public static string TaskFile => Path.Combine("src", "TextTools", "RunLength.cs");

    /// <summary>The 1-based line of the task comment in <see cref="TaskFile"/>.</summary>
    public const int TaskLine = 5;

    public void Dispose()
    {
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A sandbox worker may still hold a file for a moment; the temp folder is cleaned by the system.
        }
    }
}
