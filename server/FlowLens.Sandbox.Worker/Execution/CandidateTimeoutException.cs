namespace FlowLens.Sandbox.Worker.Execution;

/// <summary>
/// Thrown by <see cref="RunGuard"/> in candidate code that runs past its deadline. Public only because it crosses into
/// the candidate's assemblies; candidate code may not name it (the policy denies the worker's namespace).
/// </summary>
public sealed class CandidateTimeoutException : Exception
{
    public CandidateTimeoutException()
        : base("the candidate ran past its time limit")
    {
    }

    public CandidateTimeoutException(string message)
        : base(message)
    {
    }

    public CandidateTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
