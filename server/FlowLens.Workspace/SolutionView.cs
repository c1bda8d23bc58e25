using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace FlowLens.Workspace;

/// <summary>
/// The warm view of one solution: every project under a root, loaded once with <see cref="MSBuildWorkspace"/> (so
/// compile items, defines, language version and package references are what MSBuild evaluates), then kept current
/// by <see cref="UpdateDocument"/> as the editor changes files.
/// </summary>
public sealed class SolutionView : IDisposable
{
    private readonly MSBuildWorkspace _workspace;
    private readonly Lock _gate = new();
    private readonly List<string> _diagnostics;

    /// <summary>The text last written into each document, so that writing the same text again costs no new snapshot.</summary>
    private readonly Dictionary<string, string> _written = new(StringComparer.Ordinal);
    private Solution _solution;

    private SolutionView(MSBuildWorkspace workspace, Solution solution, List<string> diagnostics)
    {
        _workspace = workspace;
        _solution = solution;
        _diagnostics = diagnostics;
    }

    /// <summary>What MSBuild reported while loading (missing restore, unsupported project types), in words.</summary>
    public IReadOnlyList<string> Diagnostics => _diagnostics;

    /// <summary>The current snapshot; immutable, so callers may use it while edits arrive.</summary>
    public Solution Current
    {
        get
        {
            lock (_gate)
            {
                return _solution;
            }
        }
    }

    /// <summary>Loads every <c>.csproj</c> under <paramref name="root"/> (with the projects they reference).</summary>
    public static async Task<SolutionView> OpenAsync(string root, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var workspace = MSBuildWorkspace.Create();
        var diagnostics = new List<string>();
        workspace.RegisterWorkspaceFailedHandler(e => diagnostics.Add(e.Diagnostic.Message));
        foreach (var project in Directory.EnumerateFiles(Path.GetFullPath(root), "*.csproj", SearchOption.AllDirectories)
                     .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                         && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            if (workspace.CurrentSolution.Projects.Any(p => string.Equals(p.FilePath, project, StringComparison.Ordinal)))
            {
                continue;
            }

            await workspace.OpenProjectAsync(project, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return new SolutionView(workspace, workspace.CurrentSolution, diagnostics);
    }

    /// <summary>Replaces one document's text (unsaved editor contents); unknown paths are ignored.</summary>
    public void UpdateDocument(string path, string text)
    {
        var full = Path.GetFullPath(path);
        lock (_gate)
        {
            if (_written.TryGetValue(full, out var written) && ReferenceEquals(written, text))
            {
                return;
            }

            _written[full] = text;
            foreach (var id in _solution.GetDocumentIdsWithFilePath(full))
            {
                _solution = _solution.WithDocumentText(id, Microsoft.CodeAnalysis.Text.SourceText.From(text));
            }
        }
    }

    /// <summary>Adds what happened before the load (restores run for the user) to <see cref="Diagnostics"/>.</summary>
    internal SolutionView WithNotes(IEnumerable<string> notes)
    {
        _diagnostics.InsertRange(0, notes);
        return this;
    }

    public void Dispose() => _workspace.Dispose();
}
