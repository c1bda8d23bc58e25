namespace FlowLens.Sandbox.Tests;

/// <summary>A folder under the system temp directory for one test's files, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("flowlens-sandbox-test-").FullName;

    /// <summary>Writes <paramref name="text"/> at a path relative to <see cref="Root"/> and returns the full path.</summary>
    public string Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
