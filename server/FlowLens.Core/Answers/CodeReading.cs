using FlowLens.Core.Evaluation;

namespace FlowLens.Core.Answers;

/// <summary>The result of reading one piece of code: what it is and, when usable, the candidate it gives.</summary>
public sealed record CodeReading(CodeReadingKind Kind, CandidateEdit? Candidate)
{
    public static CodeReading None { get; } = new(CodeReadingKind.None, null);

    public static CodeReading Incomplete { get; } = new(CodeReadingKind.Incomplete, null);
}
