using FlowLens.Core.Tasks;

namespace FlowLens.LanguageServer.Documents;

/// <summary>One content change: replace <see cref="Range"/> (LSP lines, UTF-16 characters) by <see cref="Text"/>, or the whole text when it is null.</summary>
internal sealed record DocumentChange(TextRange? Range, string Text);
