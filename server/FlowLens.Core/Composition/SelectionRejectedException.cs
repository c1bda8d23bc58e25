namespace FlowLens.Core.Composition;

/// <summary>Model output that cannot be turned into a selection; the reason says why.</summary>
public sealed class SelectionRejectedException : Exception
{
    public SelectionRejectedException()
    {
    }

    public SelectionRejectedException(string message)
        : base(message)
    {
    }

    public SelectionRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
