using System.Collections.Concurrent;
using FlowLens.Sandbox.Processes;
using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox;

/// <summary>
/// Long-lived worker processes, at most <see cref="SandboxOptions.PoolSize"/> busy at once, plus one pre-warmed spare
/// so replacing a killed worker costs no start-up time. A worker that timed out, died, asked to be recycled or
/// reached <see cref="SandboxOptions.RunsPerWorker"/> runs is killed and replaced. Disposing kills every worker.
/// </summary>
public sealed class SandboxPool : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentQueue<WorkerProcess> _idle = new();
    private readonly ConcurrentDictionary<WorkerProcess, byte> _all = new();
    private readonly Lock _spareGate = new();
    private Task<WorkerProcess>? _spare;
    private int _nextJob;
    private volatile bool _disposed;

    public SandboxPool(SandboxOptions? options = null)
    {
        Options = options ?? SandboxOptions.Default;
        _slots = new SemaphoreSlim(Options.EffectivePoolSize, Options.EffectivePoolSize);
        lock (_spareGate)
        {
            _spare = StartWorkerAsync();
        }
    }

    public SandboxOptions Options { get; }

    /// <summary>Whether workers run without network, and how (or why not).</summary>
    public string NetworkIsolationDescription =>
        Options.Network == NetworkIsolation.Off ? "no network isolation: turned off" : NetworkJail.Description;

    /// <summary>Process ids of the workers alive now (busy, idle or spare), for diagnostics and leak tests.</summary>
    public IReadOnlyList<int> WorkerProcessIds => _all.Keys.Where(w => !w.HasExited).Select(w => w.ProcessId).ToList();

    /// <summary>Waits until the spare worker is warm, so the first candidate does not pay for start-up.</summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        Task<WorkerProcess>? spare;
        lock (_spareGate)
        {
            spare = _spare;
        }

        if (spare is not null)
        {
            await spare.WaitAsync(cancellationToken);
        }
    }

    internal async Task<WorkerOutcome> RunAsync(WorkerJob job, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        job = job with { Id = Interlocked.Increment(ref _nextJob) };
        await _slots.WaitAsync(cancellationToken);
        WorkerProcess? worker = null;
        var keep = false;
        try
        {
            try
            {
                worker = await AcquireAsync(cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                return new WorkerOutcome(null, e.Message, TimedOut: false);
            }

            var outcome = await worker.RunAsync(job, Options.EffectiveRunTimeout, cancellationToken);
            keep = outcome.Result is { Recycle: false, WorkerError: null } && worker.Runs < Options.RunsPerWorker && !worker.HasExited;
            return outcome;
        }
        finally
        {
            if (worker is not null)
            {
                if (keep && !_disposed)
                {
                    _idle.Enqueue(worker);
                }
                else
                {
                    Retire(worker);
                }
            }

            ReplenishSpare();
            _slots.Release();
        }
    }

    private async Task<WorkerProcess> AcquireAsync(CancellationToken cancellationToken)
    {
        while (_idle.TryDequeue(out var idle))
        {
            if (!idle.HasExited)
            {
                return idle;
            }

            Retire(idle);
        }

        Task<WorkerProcess> taken;
        lock (_spareGate)
        {
            // The next spare starts when this run ends (see ReplenishSpare): a worker starting up takes both cores of
            // a small machine for a second, and would slow the very run that the spare exists to make fast.
            taken = _spare ?? StartWorkerAsync();
            _spare = null;
        }

        try
        {
            return await taken.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Cancelled while the worker was still starting: it becomes idle (or is killed) once it is up.
            _ = taken.ContinueWith(
                t =>
                {
                    if (t.IsCompletedSuccessfully)
                    {
                        if (_disposed)
                        {
                            Retire(t.Result);
                        }
                        else
                        {
                            _idle.Enqueue(t.Result);
                        }
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            throw;
        }
    }

    private void ReplenishSpare()
    {
        lock (_spareGate)
        {
            if (_spare is null && !_disposed)
            {
                _spare = StartWorkerAsync();
            }
        }
    }

    private Task<WorkerProcess> StartWorkerAsync() => Task.Run(async () =>
    {
        var worker = WorkerProcess.Start(Options);
        _all[worker] = 0;
        if (_disposed)
        {
            Retire(worker);
            throw new ObjectDisposedException(nameof(SandboxPool));
        }

        try
        {
            await worker.WaitReadyAsync(StartTimeout, CancellationToken.None);
        }
        catch
        {
            Retire(worker);
            throw;
        }

        return worker;
    });

    private void Retire(WorkerProcess worker)
    {
        _all.TryRemove(worker, out _);
        worker.Dispose();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Task<WorkerProcess>? spare;
        lock (_spareGate)
        {
            spare = _spare;
            _spare = null;
        }

        if (spare is not null)
        {
            try
            {
                spare.Wait(StartTimeout);
            }
            catch (AggregateException)
            {
                // A spare that failed to start has nothing to kill.
            }
        }

        while (_idle.TryDequeue(out var idle))
        {
            Retire(idle);
        }

        foreach (var worker in _all.Keys)
        {
            Retire(worker);
        }

        // The slot semaphore is left undisposed: runs still in flight release their slot as they end.
    }
}
