using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace FlowLens.Sandbox.Worker.Execution;

/// <summary>
/// The checks <c>GuardRewriter</c> puts into candidate code: <see cref="Loop"/> at the start of every loop body,
/// <see cref="Enter"/> at the entry of every method, accessor, local function and lambda, <see cref="MayCatch"/> as the
/// filter of every catch clause. They stop runaway loops and runaway recursion inside the worker, so a timeout or a
/// stack overflow is that test's outcome instead of the worker's death. Public only because compiled candidates must
/// call it; the API policy denies it to candidate code (the rewrite happens after the policy check).
/// <para>
/// No check reads a clock: <see cref="TimedRun"/>'s waiting thread sets the state when the deadline passes, and a
/// loop check is one volatile read (about 0.3 ns an iteration; the read must be volatile, or the JIT could hoist it
/// out of a loop that calls nothing). Once tripped, every later check throws until the next call is armed, and catch
/// clauses stop catching, so <c>catch (Exception) { }</c> in a loop cannot swallow the stop.
/// </para>
/// <para>
/// Recursion is measured against the candidate thread's own stack, whose size <see cref="TimedRun"/> chose: the
/// check trips <see cref="Margin"/> before its end, which leaves room to throw and unwind. A local's address against two
/// statics costs about 2 ns a call, where <see cref="RuntimeHelpers.TryEnsureSufficientExecutionStack"/> costs about
/// 11 ns and keeps only 128 KB, too little once candidate handlers run on top of the exception's dispatch. Candidate
/// code on any other thread (an async continuation) falls back to that runtime check.
/// </para>
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RunGuard
{
    /// <summary>What is left of the candidate thread's stack when recursion is stopped.</summary>
    internal const int Margin = 1024 * 1024;

    private const string RecursionMessage = "recursion too deep (stack nearly exhausted)";

    private static volatile int _trip;

    /// <summary>The lowest address of the candidate thread's stack.</summary>
    private static nint _floor;

    /// <summary>Where recursion trips: <see cref="_floor"/> plus <see cref="Margin"/>.</summary>
    private static nint _limit;

    /// <summary>From <see cref="_limit"/> to the top of the candidate thread's stack.</summary>
    private static nint _usable;

    /// <summary>Why the call now running was stopped, if it was.</summary>
    internal static GuardTrip Tripped => (GuardTrip)_trip;

    /// <summary>The message of the exception a stack trip throws, and of the test it ends.</summary>
    internal static string StackMessage => RecursionMessage;

    /// <summary>At the start of every loop body.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Loop()
    {
        if (_trip != 0)
        {
            Throw();
        }
    }

    /// <summary>At the entry of every method, accessor, local function and lambda.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Enter()
    {
        if (_trip != 0)
        {
            Throw();
        }

        // The address of a local, without unsafe code: the distance from the null reference.
        byte here = 0;
        var address = Unsafe.ByteOffset(ref Unsafe.NullRef<byte>(), ref here);
        if ((nuint)(address - _limit) > (nuint)_usable)
        {
            EnterOutsideTheUsableStack(address);
        }
    }

    /// <summary>The filter of every catch clause: once tripped, candidate code catches nothing.</summary>
    public static bool MayCatch() => _trip == 0;

    /// <summary>Called on the candidate thread before it runs anything: recursion is measured against its stack.</summary>
    internal static void UseStack(nint top, int size)
    {
        _floor = top - size;
        _limit = _floor + Margin;
        _usable = top - _limit;
    }

    /// <summary>Before each call, and after one that finished: no trip applies any more.</summary>
    internal static void Arm() => _trip = (int)GuardTrip.None;

    /// <summary>The deadline passed (called by the waiting thread). A stack trip already recorded is kept.</summary>
    internal static void Stop() => Interlocked.CompareExchange(ref _trip, (int)GuardTrip.Deadline, (int)GuardTrip.None);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EnterOutsideTheUsableStack(nint address)
    {
        // Inside the candidate thread's margin, or on another thread (whose stack this class does not know) with less
        // than the runtime's own margin left.
        if ((address >= _floor && address < _limit) || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            Interlocked.CompareExchange(ref _trip, (int)GuardTrip.Stack, (int)GuardTrip.None);
            Throw();
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw()
    {
        if (_trip == (int)GuardTrip.Stack)
        {
            throw new InsufficientExecutionStackException(RecursionMessage);
        }

        throw new CandidateTimeoutException();
    }
}
