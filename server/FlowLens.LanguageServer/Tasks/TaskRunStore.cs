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

    /// <summary>
    /// Registers a generation for <paramref name="key"/>; null when one is already producing a result for it. One that
    /// is only attributing an earlier result is cancelled and superseded: the user asked for a new result.
    /// </summary>
    public RunningGeneration? TryStart(TaskKey key, CancellationToken requestToken)
    {
        RunningGeneration? superseded;
        RunningGeneration running;
        lock (_gate)
        {
            if (_running.TryGetValue(key, out superseded) && superseded.Stage == GenerationStage.Result)
            {
                return null;
            }

            running = new RunningGeneration(key, requestToken);
            _running[key] = running;
        }

        superseded?.Cancel();
        return running;
    }

    /// <summary>Records the result of a generation whose attribution is still to come; the generation stays running.</summary>
    public void Record(RunningGeneration running, CompletedRun result)
    {
        lock (_gate)
        {
            running.EnterAttribution();
            _completed[result.Key] = result;
            _last = result;
        }
    }

    /// <summary>
    /// Ends a generation, recording its final result when it has one. A result replaces only the run this generation
    /// recorded itself (or none), never a newer generation's.
    /// </summary>
    public void Finish(RunningGeneration running, CompletedRun? result)
    {
        lock (_gate)
        {
            if (_running.TryGetValue(running.Key, out var current) && ReferenceEquals(current, running))
            {
                _running.Remove(running.Key);
            }

            var recorded = result is null ? null : _completed.GetValueOrDefault(result.Key);
            if (result is not null && (recorded is null || recorded.Run.RunId == result.Run.RunId))
            {
                _completed[result.Key] = result;
                if (_last is null || _last.Key == result.Key)
                {
                    _last = result;
                }
            }
        }

        running.Dispose();
    }

    /// <summary>True while a generation for <paramref name="key"/> is producing its result (not while it only attributes).</summary>
    public bool IsRunning(TaskKey key)
    {
        lock (_gate)
        {
            return _running.TryGetValue(key, out var running) && running.Stage == GenerationStage.Result;
        }
    }

    /// <summary>The generation in flight for <paramref name="key"/>, in either stage.</summary>
    public RunningGeneration? Running(TaskKey key)
    {
        lock (_gate)
        {
            return _running.GetValueOrDefault(key);
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

    /// <summary>
    /// Cancels the generation named <paramref name="id"/>, else the generations in <paramref name="uri"/>, else all of
    /// them; returns how many were cancelled.
    /// </summary>
    public int Cancel(string? uri, string? id = null)
    {
        List<RunningGeneration> targets;
        lock (_gate)
        {
            targets = [.. _running.Values.Where(r => id is not null ? r.Id == id : uri is null || r.Key.Uri == uri)];
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
