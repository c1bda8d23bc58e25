namespace FlowLens.Inference;

/// <summary>A vocabulary token id (<c>llama_token</c>), typed so it cannot be confused with a position or a sequence id.</summary>
public readonly record struct LlamaToken(int Value)
{
    /// <summary>The header's <c>LLAMA_TOKEN_NULL</c>.</summary>
    public static LlamaToken Null { get; } = new(-1);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
