namespace FlowLens.Core.Tasks;

/// <summary>A task comment and the method it describes, located in one document.</summary>
/// <param name="CommentRange">The whole task comment.</param>
/// <param name="TaskText">The comment's text with comment markers and the <c>TASK:</c> prefix removed.</param>
/// <param name="MethodName">The target method's name.</param>
/// <param name="Signature">The method's declaration up to (not including) its body, normalised to one line.</param>
/// <param name="MethodRange">The whole method declaration.</param>
/// <param name="BodyRange">The method body including braces (or the expression body including <c>=&gt;</c> and <c>;</c>).</param>
/// <param name="Examples">Checks written in the comment.</param>
public sealed record TaskSite(
    TextRange CommentRange,
    string TaskText,
    string MethodName,
    string Signature,
    TextRange MethodRange,
    TextRange BodyRange,
    IReadOnlyList<TaskExample> Examples);
