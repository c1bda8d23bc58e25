using System.Diagnostics;
using FlowLens.Sandbox.Worker.Execution;

namespace FlowLens.Sandbox.Worker.Frameworks;

/// <summary>
/// The per-test deadline for tests a framework runs on its own threads. The framework reports each test's start and
/// end; when one runs past the deadline the watchdog stops the <see cref="RunGuard"/>, whose checks in the candidate
/// code then throw, so the test ends as a timeout and the run goes on. A test that no check reaches (a blocking call,
/// a long framework call) is abandoned after a grace period: <see cref="Abandoned"/> is set and the worker must be
/// replaced, as for a test <see cref="TimedRun"/> could not stop.
/// </summary>
internal sealed class TestWatchdog : IDisposable
{
    private const int TickMs = 20;
    private readonly Lock _gate = new();
    private readonly int _timeoutMs;
    private readonly Timer _timer;
    private string? _current;
    private long _startedAt;
    private bool _stopped;

    public TestWatchdog(int timeoutMs)
    {
        _timeoutMs = timeoutMs;
        _timer = new Timer(_ => Tick(), null, TickMs, TickMs);
    }

    /// <summary>Set when a test ran past its deadline and its grace period: its thread cannot be stopped.</summary>
    public ManualResetEventSlim Abandoned { get; } = new(false);

    /// <summary>The test that was abandoned, if one was.</summary>
    public string? AbandonedTest { get; private set; }

    public int TimeoutMs => _timeoutMs;

    public void Started(string name)
    {
        lock (_gate)
        {
            _current = name;
            _startedAt = Stopwatch.GetTimestamp();
            _stopped = false;
            RunGuard.Arm();
        }
    }

    /// <returns>Whether the watchdog stopped this test at its deadline.</returns>
    public bool Finished(string name)
    {
        lock (_gate)
        {
            var stopped = _stopped && _current == name;
            _current = null;
            _stopped = false;

            // The next test, and trusted code between tests, must not meet this test's trip.
            RunGuard.Arm();
            return stopped;
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        Abandoned.Dispose();
        RunGuard.Arm();
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (_current is null)
            {
                return;
            }

            var elapsed = Stopwatch.GetElapsedTime(_startedAt).TotalMilliseconds;
            if (!_stopped && elapsed > _timeoutMs)
            {
                _stopped = true;
                RunGuard.Stop();
            }
            else if (_stopped && elapsed > _timeoutMs + Math.Clamp(_timeoutMs / 4, 250, 1000) && AbandonedTest is null)
            {
                AbandonedTest = _current;
                Abandoned.Set();
            }
        }
    }
}
