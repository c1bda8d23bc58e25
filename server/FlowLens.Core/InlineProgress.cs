namespace FlowLens.Core;

/// <summary>
/// An <see cref="IProgress{T}"/> that reports synchronously, in order. <see cref="Progress{T}"/> posts to the
/// thread pool, which can deliver "attributing" after "done".
/// </summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
