using FlowLens.Core.Generation;

namespace FlowLens.LanguageServer.Generation;

/// <summary>
/// The current generator. Settings changes create a new one through the factory (off the request path, since a
/// factory may load a model) and retire the old one.
/// </summary>
internal sealed class GeneratorHost(IWorkflowGeneratorFactory factory, TextWriter log, TimeProvider time) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Task<GeneratorSlot>> _all = [];
    private Task<GeneratorSlot>? _current;
    private bool _disposed;

    /// <summary>Replaces the generator; the returned task completes when the new one exists (or failed to).</summary>
    public Task Configure(FlowLensSettings settings)
    {
        Task<GeneratorSlot>? previous;
        Task<GeneratorSlot> next;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            previous = _current;
            next = Task.Run(() => new GeneratorSlot(factory.Create(settings)));
            _current = next;
            _all.Add(next);
        }

        if (previous is not null)
        {
            _ = RetireAsync(previous, next);
        }

        return next;
    }

    /// <summary>The status of the current generator; a creation still running or failed reads as no backend.</summary>
    public GeneratorStatus Status
    {
        get
        {
            Task<GeneratorSlot>? current;
            lock (_gate)
            {
                current = _current;
            }

            return current switch
            {
                null => new GeneratorStatus(false, null, "none", "cpu", false, "Waiting for settings."),
                { IsCompletedSuccessfully: true } => SafeStatus(current.Result.Generator),
                { IsFaulted: true } => new GeneratorStatus(false, null, "none", "cpu", false, $"Generator failed to start: {current.Exception?.InnerException?.Message}"),
                _ => new GeneratorStatus(false, null, "none", "cpu", false, "Starting the generator."),
            };
        }
    }

    /// <summary>A lease on the current generator, waiting for its creation; throws when it could not be created.</summary>
    public async Task<GeneratorLease> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task<GeneratorSlot>? current;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                current = _current;
            }

            if (current is null)
            {
                throw new InvalidOperationException("The server has no settings yet; send 'initialized' first.");
            }

            var slot = await current.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (slot.TryAcquire() is { } lease)
            {
                return lease;
            }

            // Retired between reading and leasing: a newer generator is current now.
        }
    }

    /// <summary>Disposes every generator, giving running generations <paramref name="grace"/> to observe cancellation first.</summary>
    public async Task DisposeAsync(TimeSpan grace)
    {
        List<Task<GeneratorSlot>> all;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            all = [.. _all];
        }

        foreach (var creation in all)
        {
            GeneratorSlot slot;
            try
            {
                slot = await creation.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                await log.WriteLineAsync($"flowlens: generator never started: {ex.Message}").ConfigureAwait(false);
                continue;
            }

            slot.Retire();
            if (!await CompletesWithinAsync(slot.Disposed, grace).ConfigureAwait(false))
            {
                await log.WriteLineAsync("flowlens: a generation ignored cancellation; disposing its generator anyway.").ConfigureAwait(false);
                _ = slot.ForceDisposeAsync();
                if (!await CompletesWithinAsync(slot.Disposed, grace).ConfigureAwait(false))
                {
                    await log.WriteLineAsync("flowlens: the generator did not finish disposing; abandoning it.").ConfigureAwait(false);
                }
            }

            if (slot.Disposed.Exception is { } failure)
            {
                await log.WriteLineAsync($"flowlens: disposing the generator failed: {failure.InnerException?.Message}").ConfigureAwait(false);
            }
        }
    }

    public ValueTask DisposeAsync() => new(DisposeAsync(TimeSpan.FromSeconds(5)));

    private async Task<bool> CompletesWithinAsync(Task task, TimeSpan limit)
    {
        await Task.WhenAny(task, Task.Delay(limit, time)).ConfigureAwait(false);
        return task.IsCompleted;
    }

    private static GeneratorStatus SafeStatus(IWorkflowGenerator generator)
    {
        try
        {
            return generator.Status;
        }
        catch (Exception ex)
        {
            return new GeneratorStatus(false, null, "none", "cpu", false, ex.Message);
        }
    }

    /// <summary>Retires the old generator once its replacement exists (or failed to), so there is never a moment with neither.</summary>
    private async Task RetireAsync(Task<GeneratorSlot> creation, Task replacement)
    {
        await replacement.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            var slot = await creation.ConfigureAwait(false);
            slot.Retire();
        }
        catch (Exception ex)
        {
            await log.WriteLineAsync($"flowlens: previous generator never started: {ex.Message}").ConfigureAwait(false);
        }
    }
}
