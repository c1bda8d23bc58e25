namespace FlowLens.Core.Tasks;

/// <summary>A half-open range [Start, End) in zero-based line/character coordinates.</summary>
public readonly record struct TextRange(TextPosition Start, TextPosition End);
