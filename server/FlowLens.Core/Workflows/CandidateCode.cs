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
}
