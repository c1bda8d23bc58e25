using System.Collections.Concurrent;

namespace FlowLens.Workspace;

/// <summary>
/// One <see cref="SolutionView"/> per workspace root, loaded on first use and shared by everything that asks for it
/// (test selection, context assembly), so a CLI run loads the solution once and the language server keeps it warm.
/// A view whose project files changed since it was loaded is reloaded on the next request.
/// </summary>
public sealed class SolutionViewCache : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<(SolutionView View, string Stamp)>>> _views = new(StringComparer.Ordinal);

    /// <summary>The editor's unsaved text by full path: applied to the views holding the file, and again to views (re)loaded later.</summary>
    private readonly ConcurrentDictionary<string, string> _unsaved = new(StringComparer.Ordinal);

    /// <summary>The view of <paramref name="root"/>, loading it (or reloading it after a project file changed) when needed.</summary>
    public async Task<SolutionView> GetAsync(string root, CancellationToken cancellationToken)
    {
        var key = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        while (true)
        {
            var entry = _views.GetOrAdd(key, k => new Lazy<Task<(SolutionView, string)>>(() => LoadAsync(k)));
            (SolutionView View, string Stamp) loaded;
            try
            {
                loaded = await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // A failed load is not cached: the next request tries again (the user may have restored meanwhile).
                _views.TryRemove(KeyValuePair.Create(key, entry));
                throw;
            }

            if (string.Equals(loaded.Stamp, ProjectFilesStamp(key), StringComparison.Ordinal))
            {
                // Text that arrived while the view was loading (or before a reload) reaches it here.
                ApplyUnsaved(key, loaded.View);
                return loaded.View;
            }

            if (_views.TryRemove(KeyValuePair.Create(key, entry)))
            {
                loaded.View.Dispose();
            }
        }
    }

    /// <summary>Starts loading the view of <paramref name="root"/> without waiting for it; a failed load is reported to the first reader.</summary>
    public void Warm(string root) => _ = Task.Run(async () =>
    {
        try
        {
            await GetAsync(root, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed warm-up is reported by the first request that needs the view.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    });

    /// <summary>The editor's text of <paramref name="path"/>: every loaded view holding it sees it at once, views loaded later on their first use.</summary>
    public void UpdateDocument(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var full = Path.GetFullPath(path);
        _unsaved[full] = text;
        foreach (var view in LoadedViewsHolding(full))
        {
            view.UpdateDocument(full, text);
        }
    }

    /// <summary>The editor let go of <paramref name="path"/>: the views read it from disk again.</summary>
    public void RevertDocument(string path)
    {
        var full = Path.GetFullPath(path);
        if (!_unsaved.TryRemove(full, out _) || !File.Exists(full))
        {
            return;
        }

        var text = File.ReadAllText(full);
        foreach (var view in LoadedViewsHolding(full))
        {
            view.UpdateDocument(full, text);
        }
    }

    public void Dispose()
    {
        foreach (var entry in _views.Values.Where(v => v.IsValueCreated && v.Value.IsCompletedSuccessfully))
        {
            entry.Value.Result.View.Dispose();
        }

        _views.Clear();
    }

    private IEnumerable<SolutionView> LoadedViewsHolding(string path) =>
        _views.Where(v => path.StartsWith(v.Key + Path.DirectorySeparatorChar, StringComparison.Ordinal) && v.Value.IsValueCreated && v.Value.Value.IsCompletedSuccessfully)
            .Select(v => v.Value.Value.Result.View);

    private void ApplyUnsaved(string root, SolutionView view)
    {
        foreach (var (path, text) in _unsaved)
        {
            if (path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                view.UpdateDocument(path, text);
            }
        }
    }

    private static async Task<(SolutionView, string)> LoadAsync(string root)
    {
        // A project that was never restored has no package assemblies and no generated files to evaluate: restore it first.
        var restores = await ProjectRestore.RestoreMissingAsync(root, TimeSpan.FromMinutes(3), CancellationToken.None).ConfigureAwait(false);
        var stamp = ProjectFilesStamp(root);
        var view = await SolutionView.OpenAsync(root, CancellationToken.None).ConfigureAwait(false);
        return (view.WithNotes(restores), stamp);
    }

    /// <summary>Project and build files with their sizes and write times, and each project's restore output: what a reload depends on.</summary>
    internal static string ProjectFilesStamp(string root)
    {
        var files = ProjectFiles(root)
            .Where(f => f.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".props", StringComparison.OrdinalIgnoreCase)
                || f.EndsWith(".targets", StringComparison.OrdinalIgnoreCase) || f.EndsWith("project.assets.json", StringComparison.OrdinalIgnoreCase))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.EndsWith(".g.props", StringComparison.OrdinalIgnoreCase) && !f.EndsWith(".g.targets", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(f => $"{f}|{new FileInfo(f).Length}|{File.GetLastWriteTimeUtc(f).Ticks}");
        return string.Join('\n', files);
    }

    /// <summary>Every file under <paramref name="root"/> outside folders that never hold project files (build output, packages, VCS).</summary>
    private static IEnumerable<string> ProjectFiles(string root)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(current))
            {
                yield return file;
            }

            foreach (var sub in Directory.EnumerateDirectories(current))
            {
                var name = Path.GetFileName(sub);
                if (name is not ("bin" or "node_modules" or ".git" or ".vs" or ".flowlens" or "TestResults"))
                {
                    pending.Push(sub);
                }
            }
        }
    }
}
