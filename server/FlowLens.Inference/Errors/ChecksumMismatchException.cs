namespace FlowLens.Inference;

/// <summary>A downloaded file's SHA-256 differs from the expected one; the partial file has been deleted.</summary>
public sealed class ChecksumMismatchException : InferenceException
{
    public ChecksumMismatchException()
    {
    }

    public ChecksumMismatchException(string message)
        : base(message)
    {
    }

    public ChecksumMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ChecksumMismatchException(string url, string expected, string actual)
        : base($"Download of '{url}' has SHA-256 {actual}, expected {expected}. The file was deleted; check the URL "
            + "or the --sha256 value and pull again.")
    {
        Expected = expected;
        Actual = actual;
    }

    public string Expected { get; } = "";

    public string Actual { get; } = "";
}
