using FlowLens.Core.Context;

namespace FlowLens.Inference;

/// <summary>Counts tokens with the loaded model's own tokenizer (llama.cpp), so a context budget is exact.</summary>
public sealed class LlamaTokenCounter(LlamaModel model) : ITokenCounter
{
    public string Name => $"llama.cpp tokenizer of {model.Descriptor.Id}";

    public bool IsExact => true;

    public int Count(string text) => string.IsNullOrEmpty(text) ? 0 : model.Tokenize(text).Length;
}
