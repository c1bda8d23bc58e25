namespace FlowLens.Core.Context;

/// <summary>
/// An estimate for models whose tokenizer is not at hand (servers): code tokenizes at roughly one token per three
/// to four characters, so one per three errs on the side of a smaller context rather than an overflowing one.
/// </summary>
public sealed class EstimatedTokenCounter : ITokenCounter
{
    public static EstimatedTokenCounter Instance { get; } = new();

    public string Name => "estimate (1 token per 3 characters)";

    public bool IsExact => false;

    public int Count(string text) => string.IsNullOrEmpty(text) ? 0 : (text.Length + 2) / 3;
}
