namespace FlowLens.Core.Tasks;

/// <summary>A zero-based line and UTF-16 column, the coordinates editors and Roslyn share.</summary>
public readonly record struct TextPosition(int Line, int Character);
