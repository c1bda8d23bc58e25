namespace FlowLens.LanguageServer.Tasks;

/// <summary>
/// Generations in flight and finished, keyed by task. Thread-safe: code lenses read it while generations write it.
/// </summary>
internal sealed class TaskRunStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TaskKey, RunningGeneration> _running = [];
    private readonly Dictionary<TaskKey, CompletedRun> _completed = [];
    private CompletedRun? _last;

    public bool AnyRunning
    {
        get
        {
            lock (_gate)
            {
                return _running.Count > 0;
            }
        }
    }

    /// <summary>Registers a generation for <paramref name="key"/>; null when one is already running for it.</summary>
    public RunningGeneration? TryStart(TaskKey key, CancellationToken requestToken)
    {
        lock (_gate)
        {
            if (_running.ContainsKey(key))
            {
                return null;
            }

            var running = new RunningGeneration(key, requestToken);
            _running.Add(key, running);
            return running;
        }
    }

    /// <summary>Ends a generation, recording its result when it produced one.</summary>
    public void Finish(RunningGeneration running, CompletedRun? result)
    {
        lock (_gate)
        {
            if (_running.TryGetValue(running.Key, out var current) && ReferenceEquals(current, running))
            {
                _running.Remove(running.Key);
            }

            if (result is not null)
            {
                _completed[result.Key] = result;
                _last = result;
            }
        }

        running.Dispose();
    }

    public bool IsRunning(TaskKey key)
    {
        lock (_gate)
        {
            return _running.ContainsKey(key);
        }
    }

    public CompletedRun? Completed(TaskKey key)
    {
        lock (_gate)
        {
            return _completed.GetValueOrDefault(key);
        }
    }

    public CompletedRun? FindRun(string runId)
    {
        lock (_gate)
        {
            return _completed.Values.FirstOrDefault(r => r.Run.RunId == runId);
        }
    }

    /// <summary>The most recent run, in <paramref name="uri"/> when given (it may since have been dropped from the lenses).</summary>
    public CompletedRun? Last(string? uri)
    {
        lock (_gate)
        {
            if (uri is null || _last?.Key.Uri == uri)
            {
                return _last;
            }

            return _completed.Values.Where(r => r.Key.Uri == uri).MaxBy(r => r.FinishedAt);
        }
    }

    /// <summary>Cancels the generations in <paramref name="uri"/>, or all of them; returns how many were cancelled.</summary>
    public int Cancel(string? uri)
    {
        List<RunningGeneration> targets;
        lock (_gate)
        {
            targets = [.. _running.Values.Where(r => uri is null || r.Key.Uri == uri)];
        }

        foreach (var running in targets)
        {
            running.Cancel();
        }

        return targets.Count;
    }

    /// <summary>Forgets results for tasks of <paramref name="uri"/> that are no longer in the document (the comment changed or went away).</summary>
    public void Prune(string uri, IReadOnlySet<TaskKey> present)
    {
        lock (_gate)
        {
            foreach (var key in _completed.Keys.Where(k => k.Uri == uri && !present.Contains(k)).ToList())
            {
                _completed.Remove(key);
            }
        }
    }
}
