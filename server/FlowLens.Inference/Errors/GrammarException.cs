namespace FlowLens.Inference;

/// <summary>A GBNF grammar (or a JSON schema we turn into one) that llama.cpp or our converter rejects.</summary>
public sealed class GrammarException : InferenceException
{
    public GrammarException()
    {
    }

    public GrammarException(string message)
        : base(message)
    {
    }

    public GrammarException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
