namespace FlowLens.Cli.Composition;

/// <summary>The workspace a file belongs to: the nearest folder upwards with a solution or a .git, else the file's folder.</summary>
internal static class WorkspaceRoot
{
    public static string Of(string filePath)
    {
        var start = Path.GetDirectoryName(Path.GetFullPath(filePath))!;
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (dir.EnumerateFiles("*.sln").Any() || dir.EnumerateFiles("*.slnx").Any() || Directory.Exists(Path.Combine(dir.FullName, ".git")) || Directory.Exists(Path.Combine(dir.FullName, ".flowlens")))
            {
                return dir.FullName;
            }
        }

        return start;
    }
}
