namespace FlowLens.Core.Context;

/// <summary>
/// Counts tokens as a model would see them, so a context budget means the same thing to the assembler and to the
/// model. A local model counts with its own tokenizer; a remote one can only be estimated.
/// </summary>
public interface ITokenCounter
{
    /// <summary>What counts: the tokenizer's name, or the estimate's rule.</summary>
    string Name { get; }

    /// <summary>True when counts come from the model's own tokenizer, false for an estimate.</summary>
    bool IsExact { get; }

    int Count(string text);
}
