namespace FlowLens.Core.Evaluation;

/// <summary>
/// A candidate placed in its document: the edits an editor applies (in document order, not overlapping), the
/// document's text after them, and where the candidate's own code (the body followed by its members) lies in that
/// text. <paramref name="Failure"/> is set instead when the candidate cannot be placed (a helper clashes with an
/// existing member, the answer was unreadable).
/// </summary>
public sealed record PlacedCandidate(IReadOnlyList<DocumentTextEdit> Edits, string Text, int CodeStart, int CodeLength, string? Failure = null)
{
    /// <summary>The length of the placed body alone, from <see cref="CodeStart"/>: checks go right after it, inside the target's type.</summary>
    public int BodyLength { get; init; } = CodeLength;

    public static PlacedCandidate Failed(string text, string failure) => new([], text, 0, 0, failure);
}
