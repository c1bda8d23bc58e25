using FlowLens.Core.Context;
using FlowLens.Core.Tasks;

namespace FlowLens.Workspace.Context;

/// <summary>
/// The context of tasks under one workspace root: the root's <see cref="SolutionView"/> comes from the shared
/// <see cref="SolutionViewCache"/> (the same view test selection uses), loaded on first use (in the background from
/// <see cref="Warm"/>, or by the first task) and kept warm, so later tasks pay only for assembly. The
/// task's text (the editor's, possibly unsaved) is written into the view before assembling, so the view follows the
/// editor. A root that cannot be loaded gives an empty context with the reason; generation goes on without it.
/// </summary>
public sealed class WorkspaceContextSource : ITaskContextSource, IDisposable
{
    private readonly string _root;
    private readonly ContextAssemblyOptions _options;
    private readonly SolutionViewCache _views;
    private readonly bool _ownsViews;

    /// <summary>A source with a cache of its own (tests, single runs).</summary>
    public WorkspaceContextSource(string root, ContextAssemblyOptions options)
        : this(Path.GetFullPath(root), options, new SolutionViewCache(), ownsViews: true)
    {
    }

    /// <summary>A source that shares <paramref name="views"/> with the rest of the process.</summary>
    public WorkspaceContextSource(string root, ContextAssemblyOptions options, SolutionViewCache views)
        : this(Path.GetFullPath(root), options, views, ownsViews: false)
    {
    }

    private WorkspaceContextSource(string root, ContextAssemblyOptions options, SolutionViewCache views, bool ownsViews)
    {
        _root = root;
        _options = options;
        _views = views;
        _ownsViews = ownsViews;
    }

    /// <summary>The same (possibly warm) view with other assembly options.</summary>
    public WorkspaceContextSource WithOptions(ContextAssemblyOptions options) => new(_root, options, _views, ownsViews: false);

    /// <summary>Starts loading the workspace without waiting for it.</summary>
    public void Warm() => _ = Task.Run(async () =>
    {
        try
        {
            await _views.GetAsync(_root, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed warm-up is reported by the first task that needs the view.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    });

    public async Task<TaskContext> AssembleAsync(TaskTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        SolutionView view;
        try
        {
            view = await _views.GetAsync(_root, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return TaskContext.Unavailable($"the workspace {_root} could not be loaded: {e.Message}");
        }

        view.UpdateDocument(target.FilePath, target.SourceText);
        return await new SolutionContextSource(() => view.Current, _options).AssembleAsync(target, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_ownsViews)
        {
            _views.Dispose();
        }
    }
}
