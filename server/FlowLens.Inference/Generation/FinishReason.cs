namespace FlowLens.Inference;

/// <summary>Why a generation ended.</summary>
public enum FinishReason
{
    /// <summary>The model produced an end-of-generation token (with a grammar: the grammar was complete).</summary>
    EndOfGeneration,

    /// <summary>One of the stop sequences appeared; it is not part of the output.</summary>
    StopSequence,

    /// <summary><see cref="GenerationOptions.MaxTokens"/> were generated.</summary>
    Length,

    /// <summary>The context window filled up.</summary>
    ContextFull,

    /// <summary>The grammar allowed no token at all; the output so far is a valid prefix but incomplete.</summary>
    GrammarDeadEnd,
}
