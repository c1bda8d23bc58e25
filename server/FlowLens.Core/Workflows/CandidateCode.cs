using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowLens.Core.Workflows;

/// <summary>
/// Reads a method body out of a model's reply: the first fenced code block if any; a whole method is reduced to
/// its body; bare statements are wrapped in braces. The result always starts with <c>{</c> and ends with <c>}</c>.
/// </summary>
public static class CandidateCode
{
    public const int MaxLength = 16_000;

    public static string ExtractBody(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var code = reply;
        var fence = code.IndexOf("```", StringComparison.Ordinal);
        if (fence >= 0)
        {
            var start = code.IndexOf('\n', fence);
            start = start < 0 ? code.Length : start + 1;
            var end = code.IndexOf("```", start, StringComparison.Ordinal);
            code = end < 0 ? code[start..] : code[start..end];
        }

        code = code.Trim();
        if (code.Length > MaxLength)
        {
            code = code[..MaxLength];
        }

        if (SyntaxFactory.ParseMemberDeclaration(code) is MethodDeclarationSyntax method && !method.ContainsDiagnostics)
        {
            if (method.Body is not null)
            {
                return method.Body.ToFullString().Trim();
            }

            if (method.ExpressionBody is not null)
            {
                var returns = method.ReturnType is PredefinedTypeSyntax p && p.Keyword.IsKind(SyntaxKind.VoidKeyword) ? string.Empty : "return ";
                return "{ " + returns + method.ExpressionBody.Expression.ToFullString().Trim() + "; }";
            }
        }

        return code.StartsWith('{') && code.EndsWith('}') ? code : "{\n" + code + "\n}";
    }

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
