namespace FlowLens.Core.Capabilities;

/// <summary>An invalid capability file, with the file and the 1-based line to fix.</summary>
public sealed class CapabilityFileException : Exception
{
    public CapabilityFileException(string path, int line, string problem)
        : base($"{path}:{line}: {problem}")
    {
        FilePath = path;
        Line = line;
        Problem = problem;
    }

    public CapabilityFileException()
    {
        FilePath = string.Empty;
        Problem = string.Empty;
    }

    public CapabilityFileException(string message)
        : base(message)
    {
        FilePath = string.Empty;
        Problem = message;
    }

    public CapabilityFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
        Problem = message;
    }

    public string FilePath { get; }

    public int Line { get; }

    public string Problem { get; }
}
