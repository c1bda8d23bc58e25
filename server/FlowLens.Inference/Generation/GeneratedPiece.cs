namespace FlowLens.Inference;

/// <summary>
/// One streamed step: the text that became final with this token (may be empty while a multi-byte character or a
/// possible stop sequence is still incomplete). The last piece of a stream has <see cref="Counters"/> set and no token.
/// </summary>
public sealed record GeneratedPiece(string Text, LlamaToken Token)
{
    public GenerationCounters? Counters { get; init; }

    public bool IsFinal => Counters is not null;
}
