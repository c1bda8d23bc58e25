using System.Collections.Concurrent;
using FlowLens.Core.Generation;
using FlowLens.Core.Tasks;

namespace FlowLens.LanguageServer.Tests.Fakes;

/// <summary>A generator test double: reports the script's progress, optionally waits, then returns the script's run in two stages (attribution optionally waits too); honours cancellation.</summary>
internal sealed class ScriptedGenerator(FlowLensSettings settings, GeneratorScript script) : IWorkflowGenerator
{
    private readonly ConcurrentQueue<TaskTarget> _targets = new();
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _cancelled;
    private int _attributionsCancelled;
    private int _active;

    public FlowLensSettings Settings { get; } = settings;

    public GeneratorStatus Status => new(false, Settings.ModelPath, Settings.Backend, "cpu", true, null);

    public IReadOnlyList<TaskTarget> Targets => [.. _targets];

    public int CancelledCount => Volatile.Read(ref _cancelled);

    public int ActiveCount => Volatile.Read(ref _active);

    public bool IsDisposed => _disposed.Task.IsCompleted;

    public Task Disposed => _disposed.Task;

    public async Task<StagedRun> StartAsync(TaskTarget target, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
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

            var full = script.Result(target);
            var capabilities = full.Steps.Select(s => s.CapabilityId).Distinct(StringComparer.Ordinal).ToList();
            return new StagedRun(full with { Contributions = [] }, capabilities, (p, ct) => AttributeAsync(full, p, ct));
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

    public int AttributionsCancelled => Volatile.Read(ref _attributionsCancelled);

    private async Task<WorkflowRun> AttributeAsync(WorkflowRun full, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            progress?.Report(new WorkflowProgress(70, "attributing: without repair"));
            if (script.AttributionGate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new WorkflowProgress(100, "done"));
            return full;
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _attributionsCancelled);
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        _disposed.TrySetResult();
        return ValueTask.CompletedTask;
    }
}
