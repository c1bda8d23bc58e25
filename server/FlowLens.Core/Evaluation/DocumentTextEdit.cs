using FlowLens.Core.Tasks;

namespace FlowLens.Core.Evaluation;

/// <summary>One replacement in a document: the range (Roslyn line/character coordinates, as <see cref="TaskSite"/> uses) and its new text.</summary>
public sealed record DocumentTextEdit(TextRange Range, string NewText);
