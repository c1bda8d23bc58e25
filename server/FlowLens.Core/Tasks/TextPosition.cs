namespace FlowLens.Core.Tasks;

/// <summary>
/// A zero-based line and UTF-16 column. What ends a line depends on who made the position: <see cref="TaskLocator"/>
/// uses Roslyn's lines (<c>SourceText.Lines</c>), which also end at U+2028, U+2029 and U+0085, where an LSP client sees
/// no line break; map between the two through text offsets.
/// </summary>
public readonly record struct TextPosition(int Line, int Character);
