using System.Collections.Concurrent;
using FlowLens.Core.Generation;
using FlowLens.Core.Tasks;

namespace FlowLens.LanguageServer.Tests.Fakes;

/// <summary>A generator test double: reports the script's progress, optionally waits, then returns the script's run; honours cancellation.</summary>
internal sealed class ScriptedGenerator(FlowLensSettings settings, GeneratorScript script) : IWorkflowGenerator
{
    private readonly ConcurrentQueue<TaskTarget> _targets = new();
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _cancelled;
    private int _active;

    public FlowLensSettings Settings { get; } = settings;

    public GeneratorStatus Status => new(false, Settings.ModelPath, Settings.Backend, "cpu", true, null);

    public IReadOnlyList<TaskTarget> Targets => [.. _targets];

    public int CancelledCount => Volatile.Read(ref _cancelled);

    public int ActiveCount => Volatile.Read(ref _active);

    public bool IsDisposed => _disposed.Task.IsCompleted;

    public Task Disposed => _disposed.Task;

    public async Task<WorkflowRun> GenerateAsync(TaskTarget target, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        _targets.Enqueue(target);
        Interlocked.Increment(ref _active);
        try
        {
            foreach (var step in script.Progress)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(step);
                await Task.Yield();
            }

            if (script.Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (script.Failure is { } failure)
            {
                throw failure;
            }

            return script.Result(target);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelled);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    public ValueTask DisposeAsync()
    {
        _disposed.TrySetResult();
        return ValueTask.CompletedTask;
    }
}
