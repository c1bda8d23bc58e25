namespace FlowLens.Inference;

/// <summary>A request waiting in a <see cref="SampleBatcher"/>: its prompt, settings, token and where its answer goes.</summary>
internal sealed class PendingSample(string prompt, GenerationOptions options, CancellationToken cancellationToken)
{
    public string Prompt { get; } = prompt;

    public GenerationOptions Options { get; } = options;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public TaskCompletionSource<GeneratedText> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
