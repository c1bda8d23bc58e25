namespace FlowLens.Core.Context;

/// <summary>One piece of workspace context: what it is, where it comes from, its code, and what it costs.</summary>
/// <param name="Kind">What the piece is.</param>
/// <param name="Title">A one-line heading, such as the type's name and its file.</param>
/// <param name="Text">The code shown to the model.</param>
/// <param name="Tokens">What <paramref name="Text"/> and its heading count.</param>
public sealed record ContextItem(ContextItemKind Kind, string Title, string Text, int Tokens);
