namespace FlowLens.Inference;

/// <summary>A model server that could not be used: unreachable, answering errors, not speaking its API, or silent. The message names the URL and what to check.</summary>
public sealed class ServerFaultException : InferenceException
{
    public ServerFaultException()
    {
    }

    public ServerFaultException(string message)
        : base(message)
    {
    }

    public ServerFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
