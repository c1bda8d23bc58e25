namespace FlowLens.Inference;

/// <summary>Base of every failure FlowLens.Inference reports; the message always says what to do next.</summary>
public class InferenceException : Exception
{
    public InferenceException()
    {
    }

    public InferenceException(string message)
        : base(message)
    {
    }

    public InferenceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
