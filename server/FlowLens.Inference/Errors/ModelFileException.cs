namespace FlowLens.Inference;

/// <summary>A model file is missing, truncated, not GGUF, or rejected by llama.cpp.</summary>
public sealed class ModelFileException : InferenceException
{
    public ModelFileException()
    {
    }

    public ModelFileException(string message)
        : base(message)
    {
    }

    public ModelFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ModelFileException(string path, ModelFileProblem problem, string detail)
        : base($"Model file '{path}': {detail}")
    {
        Path = path;
        Problem = problem;
    }

    public ModelFileException(string path, ModelFileProblem problem, string detail, Exception innerException)
        : base($"Model file '{path}': {detail}", innerException)
    {
        Path = path;
        Problem = problem;
    }

    public string Path { get; } = "";

    public ModelFileProblem Problem { get; } = ModelFileProblem.Corrupt;
}
