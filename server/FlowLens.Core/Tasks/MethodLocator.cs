using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace FlowLens.Core.Tasks;

/// <summary>
/// Finds the method at a line whether or not a task comment sits above it, so its tests can be run as the method stands
/// (<c>flowlens test</c>, the "Run its tests" lens). A method with a task comment gets that task's site.
/// </summary>
public static partial class MethodLocator
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    /// <summary>The site of the innermost method (with a body) whose declaration holds <paramref name="line"/> (0-based, Roslyn lines).</summary>
    public static TaskSite? FindAt(string sourceText, int line)
    {
        ArgumentNullException.ThrowIfNull(sourceText);
        if (TaskLocator.FindAt(sourceText, line) is { } task)
        {
            return task;
        }

        var tree = CSharpSyntaxTree.ParseText(sourceText, ParseOptions);
        var text = tree.GetText();
        var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Where(m => (m.Body is not null || m.ExpressionBody is not null) && Contains(tree.GetLineSpan(m.Span), line))
            .OrderBy(m => m.Span.Length)
            .FirstOrDefault();
        if (method is null)
        {
            return null;
        }

        var bodyStart = ((Microsoft.CodeAnalysis.SyntaxNode?)method.Body ?? method.ExpressionBody!).SpanStart;
        var bodyEnd = method.Body is null && method.SemicolonToken != default ? method.SemicolonToken.Span.End : method.Body?.Span.End ?? method.ExpressionBody!.Span.End;
        var signatureStart = method.Modifiers.Count > 0 ? method.Modifiers[0].SpanStart : method.ReturnType.SpanStart;
        var signature = Whitespace().Replace(text.ToString(TextSpan.FromBounds(signatureStart, bodyStart)), " ").Trim();
        var start = Position(text, method.SpanStart);
        return new TaskSite(
            new TextRange(start, start),
            string.Empty,
            method.Identifier.ValueText,
            signature,
            new TextRange(start, Position(text, method.Span.End)),
            new TextRange(Position(text, bodyStart), Position(text, bodyEnd)),
            []);
    }

    private static bool Contains(Microsoft.CodeAnalysis.FileLinePositionSpan span, int line) =>
        span.StartLinePosition.Line <= line && line <= span.EndLinePosition.Line;

    private static TextPosition Position(SourceText text, int position)
    {
        var at = text.Lines.GetLinePosition(position);
        return new TextPosition(at.Line, at.Character);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
