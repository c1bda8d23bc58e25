namespace FlowLens.Sandbox.Worker.Execution;

/// <summary>Why <see cref="RunGuard"/> stopped the call now running, if it did.</summary>
internal enum GuardTrip
{
    None,

    /// <summary>The call ran past its deadline.</summary>
    Deadline,

    /// <summary>The candidate thread's stack was nearly exhausted (unbounded recursion, as a rule).</summary>
    Stack,
}
