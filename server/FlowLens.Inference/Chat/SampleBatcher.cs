namespace FlowLens.Inference;

/// <summary>
/// Turns concurrent requests for the same prompt into one batched generation
/// (<see cref="LlamaContext.GenerateBatchAsync"/>): a draft's N samples or self-consistency votes arrive together with
/// different seeds, and decoding them side by side costs little more than one. Requests queue while a batch runs; the
/// next one to get its turn takes every waiting request with its prompt (up to the context's sequences) along.
/// Each request keeps its own settings and token: a caller that cancels stops waiting at once, and the batch itself
/// is aborted only when every request in it has been cancelled.
/// </summary>
internal sealed class SampleBatcher(LlamaContext context)
{
    private readonly Lock _lock = new();
    private readonly List<PendingSample> _pending = [];
    private readonly SemaphoreSlim _turn = new(1, 1);

    public async Task<GeneratedText> GenerateAsync(string prompt, GenerationOptions options, CancellationToken cancellationToken)
    {
        var request = new PendingSample(prompt, options, cancellationToken);
        lock (_lock)
        {
            _pending.Add(request);
        }

        try
        {
            await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_lock)
            {
                _pending.Remove(request);
            }

            throw;
        }

        // Samples of one step are started together (Task.WhenAll over N calls): one yield lets the rest of them queue
        // before the group is formed, so the first caller does not run alone.
        await Task.Yield();
        List<PendingSample> group;
        lock (_lock)
        {
            group = _pending.Where(p => p.Prompt == request.Prompt).Take(context.Sequences).ToList();
            if (!group.Contains(request) && _pending.Contains(request))
            {
                group = [request, .. group.Take(context.Sequences - 1)];
            }

            foreach (var member in group)
            {
                _pending.Remove(member);
            }
        }

        if (group.Count == 0)
        {
            _turn.Release();
        }
        else
        {
            // The decode loop runs synchronously; off this caller's thread, a caller that cancels can stop waiting at once.
            _ = Task.Run(() => RunAsync(group), CancellationToken.None);
        }

        return await request.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one group and hands every member its answer or the failure; releases the turn when done.</summary>
    private async Task RunAsync(List<PendingSample> group)
    {
        using var abort = new CancellationTokenSource();
        var waiting = group.Count;
        var registrations = group.Select(member => member.CancellationToken.Register(() =>
        {
            if (Interlocked.Decrement(ref waiting) == 0)
            {
                abort.Cancel();
            }
        })).ToList();
        try
        {
            var results = await context.GenerateBatchAsync(group[0].Prompt, group.Select(m => m.Options).ToList(), abort.Token).ConfigureAwait(false);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Completion.TrySetResult(results[i]);
            }
        }
        catch (OperationCanceledException)
        {
            foreach (var member in group)
            {
                member.Completion.TrySetCanceled(member.CancellationToken.IsCancellationRequested ? member.CancellationToken : abort.Token);
            }
        }
        catch (Exception e)
        {
            foreach (var member in group)
            {
                member.Completion.TrySetException(e);
            }
        }
        finally
        {
            foreach (var registration in registrations)
            {
                await registration.DisposeAsync().ConfigureAwait(false);
            }

            _turn.Release();
        }
    }
}
