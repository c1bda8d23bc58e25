namespace FlowLens.LanguageServer.Server;

/// <summary>The workspace folders from <c>initialize</c>, as file-system paths.</summary>
internal sealed class WorkspaceRoots(IReadOnlyList<string> roots)
{
    public static WorkspaceRoots None { get; } = new([]);

    public IReadOnlyList<string> Roots { get; } = roots;

    /// <summary>The innermost workspace folder containing <paramref name="filePath"/>, else the file's own directory.</summary>
    public string RootFor(string filePath)
    {
        string? best = null;
        foreach (var root in Roots)
        {
            var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
            if (filePath.StartsWith(prefix, StringComparison.Ordinal) && (best is null || root.Length > best.Length))
            {
                best = root;
            }
        }

        return best ?? Path.GetDirectoryName(filePath) ?? filePath;
    }
}
