using FlowLens.Core.Context;
using FlowLens.Core.Tasks;

namespace FlowLens.Workspace.Context;

/// <summary>
/// The context of tasks under one workspace root: the root's <see cref="SolutionView"/> is loaded on first use (in
/// the background from <see cref="Warm"/>, or by the first task) and kept, so later tasks pay only for assembly. The
/// task's text (the editor's, possibly unsaved) is written into the view before assembling, so the view follows the
/// editor. A root that cannot be loaded gives an empty context with the reason; generation goes on without it.
/// </summary>
public sealed class WorkspaceContextSource : ITaskContextSource, IDisposable
{
    private readonly string _root;
    private readonly ContextAssemblyOptions _options;
    private readonly Lazy<Task<SolutionView>> _view;

    public WorkspaceContextSource(string root, ContextAssemblyOptions options)
        : this(Path.GetFullPath(root), options, null)
    {
    }

    private WorkspaceContextSource(string root, ContextAssemblyOptions options, Lazy<Task<SolutionView>>? view)
    {
        _root = root;
        _options = options;
        _view = view ?? new Lazy<Task<SolutionView>>(() => Task.Run(() => SolutionView.OpenAsync(_root, CancellationToken.None)));
    }

    /// <summary>The same (possibly warm) view with other assembly options.</summary>
    public WorkspaceContextSource WithOptions(ContextAssemblyOptions options) => new(_root, options, _view);

    /// <summary>Starts loading the workspace without waiting for it.</summary>
    public void Warm() => _ = _view.Value;

    public async Task<TaskContext> AssembleAsync(TaskTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        SolutionView view;
        try
        {
            view = await _view.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
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
        if (_view.IsValueCreated && _view.Value.IsCompletedSuccessfully)
        {
            _view.Value.Result.Dispose();
        }
    }
}
