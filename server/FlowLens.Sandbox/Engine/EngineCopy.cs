using System.Collections.Concurrent;

namespace FlowLens.Sandbox.Engine;

/// <summary>
/// A private copy of one workspace for the real engine, kept in step with the original before every run (changed
/// files copied, removed files removed; <c>bin</c> and <c>obj</c> are the copy's own) and restored again only when a
/// build file changed. Candidates are written into the copy, never into the user's files. One copy per workspace root
/// per process; runs on it take turns.
/// </summary>
internal sealed class EngineCopy
{
    private static readonly ConcurrentDictionary<string, EngineCopy> Copies = new(StringComparer.Ordinal);

    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", ".git", ".vs", "node_modules", ".flowlens", "TestResults" };

    private static readonly HashSet<string> BuildFileExtensions = new(StringComparer.OrdinalIgnoreCase) { ".csproj", ".props", ".targets", ".sln", ".slnx", ".json", ".config" };

    static EngineCopy()
    {
        // The copies hold builds of the user's code; they go with the process that made them.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var copy in Copies.Values.Where(c => System.IO.Directory.Exists(c.Directory)))
            {
                try
                {
                    System.IO.Directory.Delete(copy.Directory, recursive: true);
                }
                catch (IOException)
                {
                    // A build still holding a file: the temp folder's own cleanup takes it later.
                }
                catch (UnauthorizedAccessException)
                {
                    // Same.
                }
            }
        };
    }

    private EngineCopy(string source, string directory)
    {
        Source = source;
        Directory = directory;
    }

    /// <summary>The user's workspace root.</summary>
    public string Source { get; }

    /// <summary>Where the copy lives.</summary>
    public string Directory { get; }

    /// <summary>Held for the whole of one run: sync, candidate, build and test.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>False until a restore succeeded, and again after a build file changed.</summary>
    public bool Restored { get; set; }

    public static EngineCopy For(string workspaceRoot)
    {
        var source = Path.GetFullPath(workspaceRoot).TrimEnd(Path.DirectorySeparatorChar);
        return Copies.GetOrAdd(source, s => new EngineCopy(s, Path.Combine(Path.GetTempPath(), "flowlens-engine-" + Guid.NewGuid().ToString("N")[..12])));
    }

    /// <summary>The copy's path for a file of the original workspace.</summary>
    public string PathOf(string sourcePath) => Path.Combine(Directory, Path.GetRelativePath(Source, Path.GetFullPath(sourcePath)));

    /// <summary>Brings the copy up to date with the original; a changed build file means the next run restores first.</summary>
    public void Sync()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Files(Source))
        {
            var relative = Path.GetRelativePath(Source, file);
            seen.Add(relative);
            var destination = Path.Combine(Directory, relative);
            var from = new FileInfo(file);
            var to = new FileInfo(destination);
            if (to.Exists && to.Length == from.Length && to.LastWriteTimeUtc == from.LastWriteTimeUtc)
            {
                continue;
            }

            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
            File.SetLastWriteTimeUtc(destination, from.LastWriteTimeUtc);
            if (BuildFileExtensions.Contains(Path.GetExtension(file)))
            {
                Restored = false;
            }
        }

        if (!System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.CreateDirectory(Directory);
        }

        foreach (var stale in Files(Directory).Where(f => !seen.Contains(Path.GetRelativePath(Directory, f))).ToList())
        {
            File.Delete(stale);
        }
    }

    private static IEnumerable<string> Files(string root)
    {
        if (!System.IO.Directory.Exists(root))
        {
            yield break;
        }

        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var file in System.IO.Directory.EnumerateFiles(current))
            {
                yield return file;
            }

            foreach (var sub in System.IO.Directory.EnumerateDirectories(current))
            {
                if (!Skipped.Contains(Path.GetFileName(sub)) && !new DirectoryInfo(sub).Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    pending.Push(sub);
                }
            }
        }
    }
}
