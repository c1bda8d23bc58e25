using System.Text;
using System.Text.RegularExpressions;

namespace FlowLens.Sandbox.Jobs;

/// <summary>
/// An MSBuild item pattern (<c>*</c>, <c>?</c>, <c>**</c>, relative to the project folder or absolute) as a matcher
/// over full paths, and its expansion to the files on disk.
/// </summary>
internal sealed class CompileGlob
{
    private readonly Regex _regex;
    private readonly string _base;
    private readonly bool _recursive;

    public CompileGlob(string projectDirectory, string pattern)
    {
        var full = Path.GetFullPath(Path.Combine(projectDirectory, pattern.Replace('\\', Path.DirectorySeparatorChar)));
        var segments = full.Split(Path.DirectorySeparatorChar);
        var firstWild = Array.FindIndex(segments, s => s.Contains('*', StringComparison.Ordinal) || s.Contains('?', StringComparison.Ordinal));
        _base = firstWild < 0 ? Path.GetDirectoryName(full)! : string.Join(Path.DirectorySeparatorChar, segments[..firstWild]);
        _recursive = firstWild >= 0 && (segments[firstWild..].Any(s => s == "**") || firstWild < segments.Length - 1);
        _regex = new Regex("^" + ToRegex(full) + "$", RegexOptions.CultureInvariant | (OperatingSystem.IsWindows() ? RegexOptions.IgnoreCase : RegexOptions.None), TimeSpan.FromSeconds(1));
    }

    public bool Matches(string fullPath) => _regex.IsMatch(fullPath);

    /// <summary>The existing files the pattern names, skipping folders the sandbox never compiles from.</summary>
    public IEnumerable<string> Files(IReadOnlySet<string> skippedFolders)
    {
        if (!Directory.Exists(_base))
        {
            yield break;
        }

        var pending = new Stack<string>();
        pending.Push(_base);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(current).Order(StringComparer.Ordinal))
            {
                var full = Path.GetFullPath(file);
                if (Matches(full))
                {
                    yield return full;
                }
            }

            if (!_recursive)
            {
                continue;
            }

            foreach (var sub in Directory.EnumerateDirectories(current).Order(StringComparer.Ordinal).Reverse())
            {
                if (!skippedFolders.Contains(Path.GetFileName(sub)))
                {
                    pending.Push(sub);
                }
            }
        }
    }

    private static string ToRegex(string pattern)
    {
        var separator = Regex.Escape(Path.DirectorySeparatorChar.ToString());
        var builder = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches any number of folders, none included; a trailing "**" matches everything below.
                var followedBySeparator = i + 2 < pattern.Length && pattern[i + 2] == Path.DirectorySeparatorChar;
                builder.Append(followedBySeparator ? $"(?:.*{separator})?" : ".*");
                i += followedBySeparator ? 2 : 1;
            }
            else if (c == '*')
            {
                builder.Append($"[^{separator}]*");
            }
            else if (c == '?')
            {
                builder.Append($"[^{separator}]");
            }
            else
            {
                builder.Append(Regex.Escape(c.ToString()));
            }
        }

        return builder.ToString();
    }
}
