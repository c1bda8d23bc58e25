using System.Diagnostics;

namespace FlowLens.Cli.Bench;

/// <summary>
/// CPU time of this process (the in-process model runs here) plus the sandbox workers alive at both readings.
/// Approximate: a worker replaced between two readings loses its CPU time.
/// </summary>
internal sealed class CpuClock(Func<IReadOnlyList<int>> workers)
{
    public (TimeSpan Own, Dictionary<int, TimeSpan> Workers) Read()
    {
        using var self = Process.GetCurrentProcess();
        var byWorker = new Dictionary<int, TimeSpan>();
        foreach (var pid in workers())
        {
            try
            {
                using var worker = Process.GetProcessById(pid);
                byWorker[pid] = worker.TotalProcessorTime;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // The worker exited between listing and reading.
            }
        }

        return (self.TotalProcessorTime, byWorker);
    }

    public static double SecondsBetween((TimeSpan Own, Dictionary<int, TimeSpan> Workers) start, (TimeSpan Own, Dictionary<int, TimeSpan> Workers) end)
    {
        var workerSeconds = end.Workers.Sum(w => (w.Value - start.Workers.GetValueOrDefault(w.Key)).TotalSeconds);
        return (end.Own - start.Own).TotalSeconds + workerSeconds;
    }
}
