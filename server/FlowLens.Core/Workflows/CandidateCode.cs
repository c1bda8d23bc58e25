using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowLens.Core.Workflows;

/// <summary>
/// Checks and lays out method bodies (model answers are read by <see cref="Answers.ModelAnswerReader"/>).
/// </summary>
public static class CandidateCode
{
    /// <summary>True when Roslyn's parser accepts the body as a block (no semantic check).</summary>
    public static bool Parses(string body) =>
        SyntaxFactory.ParseStatement(body ?? string.Empty) is BlockSyntax block
        && block.FullSpan.Length == (body ?? string.Empty).Length
        && !block.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>
    /// Re-indents a body for a method declared at <paramref name="methodIndentation"/>: the braces line up with the
    /// declaration and the statements keep their relative indentation one level deeper. The opening brace is left
    /// bare because the edit replaces the old body from its brace on.
    /// </summary>
    public static string Reindent(string body, string methodIndentation, string unit = "    ")
    {
        ArgumentNullException.ThrowIfNull(body);
        var lines = body.Trim().ReplaceLineEndings("\n").Split('\n');
        if (lines.Length < 3 || lines[0].Trim() != "{" || lines[^1].Trim() != "}")
        {
            return body.Trim();
        }

        var inner = lines[1..^1];
        var common = inner.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        var result = new List<string> { "{" };
        result.AddRange(inner.Select(l => l.Trim().Length == 0 ? string.Empty : methodIndentation + unit + l[Math.Min(common, l.Length - l.TrimStart().Length)..].TrimEnd()));
        result.Add(methodIndentation + "}");
        return string.Join("\n", result);
    }
}
