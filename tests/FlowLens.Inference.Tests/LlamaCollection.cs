namespace FlowLens.Inference.Tests;

/// <summary>Tests that run llama share one model and never run in parallel with each other.</summary>
[CollectionDefinition(Name)]
public sealed class LlamaCollection : ICollectionFixture<TinyModelFixture>
{
    public const string Name = "llama";
}
