using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace FlowLens.Core.Tasks;

/// <summary>
/// Finds task comments (<c>// TASK:</c>, <c>/* TASK: */</c>, or a <c>///</c> summary starting with TASK) directly
/// above a method, using Roslyn's syntax tree only: fast enough to run on every code-lens request.
/// </summary>
public static partial class TaskLocator
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview, DocumentationMode.Parse);

    public static IReadOnlyList<TaskSite> Find(string sourceText)
    {
        ArgumentNullException.ThrowIfNull(sourceText);
        return Find(CSharpSyntaxTree.ParseText(sourceText, ParseOptions));
    }

    /// <summary>
    /// Parses <paramref name="text"/> with the options <see cref="Find(SyntaxTree, CancellationToken)"/> expects. A caller
    /// that keeps the tree can update it with <see cref="SyntaxTree.WithChangedText"/>, which keeps those options and
    /// reparses only around the changes.
    /// </summary>
    public static SyntaxTree Parse(SourceText text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return CSharpSyntaxTree.ParseText(text, ParseOptions, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The task sites of an already parsed tree (from <see cref="Parse"/>, possibly updated incrementally since). Positions
    /// are in the tree's own lines (<see cref="SourceText.Lines"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The tree is not C# or was parsed without documentation comments, which would hide <c>///</c> tasks.</exception>
    public static IReadOnlyList<TaskSite> Find(SyntaxTree tree, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (tree.Options is not CSharpParseOptions { DocumentationMode: >= DocumentationMode.Parse })
        {
            throw new ArgumentException("The tree must be C# parsed with documentation comments (use TaskLocator.Parse).", nameof(tree));
        }

        var root = tree.GetRoot(cancellationToken);
        var sites = new List<TaskSite>();
        foreach (var method in root.DescendantNodes(n => n is not BlockSyntax).OfType<MethodDeclarationSyntax>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryCreate(tree, method) is { } site)
            {
                sites.Add(site);
            }
        }

        return sites;
    }

    /// <summary>The task whose comment or method contains <paramref name="line"/>, if any.</summary>
    public static TaskSite? FindAt(string sourceText, int line) =>
        Find(sourceText).FirstOrDefault(s => s.CommentRange.Start.Line <= line && line <= s.MethodRange.End.Line);

    private static TaskSite? TryCreate(SyntaxTree tree, MethodDeclarationSyntax method)
    {
        var comments = method.GetLeadingTrivia()
            .Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia)
                || t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || t.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia))
            .ToList();
        var first = comments.FindIndex(t => CommentLines(t).Any(l => l.StartsWith("TASK:", StringComparison.Ordinal)));
        if (first < 0)
        {
            return null;
        }

        var block = comments.Skip(first).ToList();
        var lines = block.SelectMany(CommentLines).ToList();
        var start = lines.FindIndex(l => l.StartsWith("TASK:", StringComparison.Ordinal));
        lines = lines.Skip(start).ToList();
        lines[0] = lines[0]["TASK:".Length..].Trim();

        var name = method.Identifier.ValueText;
        var examples = ParseExamples(lines, name, tree.GetLineSpan(block[0].Span).StartLinePosition.Line);
        var text = string.Join('\n', lines.Where(l => !IsExampleLine(l, name))).Trim();

        SyntaxNode body = (SyntaxNode?)method.Body ?? method.ExpressionBody!;
        var bodyEnd = method.Body is null && method.SemicolonToken != default ? method.SemicolonToken.Span.End : body.Span.End;
        var signatureStart = method.Modifiers.Count > 0 ? method.Modifiers[0].SpanStart : method.ReturnType.SpanStart;
        var signatureSpan = TextSpan.FromBounds(signatureStart, body?.SpanStart ?? method.Span.End);
        var signature = Whitespace().Replace(tree.GetText().ToString(signatureSpan), " ").Trim();

        return new TaskSite(
            CommentRange(tree, block),
            text,
            name,
            signature,
            Range(tree, method.Span),
            Range(tree, TextSpan.FromBounds(body?.SpanStart ?? method.Span.End, bodyEnd)),
            examples);
    }

    /// <summary>
    /// The comment block from its first marker to its last character. Documentation trivia spans start after the
    /// <c>///</c> and end after the newline, so both ends are trimmed to what the user sees.
    /// </summary>
    private static TextRange CommentRange(SyntaxTree tree, List<SyntaxTrivia> block)
    {
        var text = tree.GetText();
        var startLine = text.Lines.GetLineFromPosition(block[0].SpanStart);
        var lineText = startLine.ToString();
        var column = lineText.Length - lineText.TrimStart().Length;
        var end = block[^1].Span.End;
        while (end > block[0].SpanStart && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        var endPosition = text.Lines.GetLinePosition(end);
        return new TextRange(new TextPosition(startLine.LineNumber, column), new TextPosition(endPosition.Line, endPosition.Character));
    }

    private static TextRange Range(SyntaxTree tree, TextSpan span)
    {
        var lines = tree.GetLineSpan(span);
        return new TextRange(
            new TextPosition(lines.StartLinePosition.Line, lines.StartLinePosition.Character),
            new TextPosition(lines.EndLinePosition.Line, lines.EndLinePosition.Character));
    }

    /// <summary>The comment's lines with markers (//, ///, /* */, leading *) and XML doc tags removed.</summary>
    private static IEnumerable<string> CommentLines(SyntaxTrivia trivia)
    {
        var raw = trivia.ToFullString();
        if (trivia.IsKind(SyntaxKind.MultiLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia))
        {
            raw = raw.TrimStart('/').TrimStart('*');
            if (raw.EndsWith("*/", StringComparison.Ordinal))
            {
                raw = raw[..^2];
            }
        }

        foreach (var line in raw.Split('\n'))
        {
            var l = line.Trim();
            l = l.StartsWith("///", StringComparison.Ordinal) ? l[3..] : l.StartsWith("//", StringComparison.Ordinal) ? l[2..] : l;
            l = l.TrimStart('*');
            if (trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia))
            {
                l = XmlTag().Replace(l, string.Empty);
            }

            l = l.Trim();
            if (l.Length > 0)
            {
                yield return System.Net.WebUtility.HtmlDecode(l);
            }
        }
    }

    private static bool IsExampleLine(string line, string methodName) =>
        line.StartsWith(">>>", StringComparison.Ordinal) || InlineExample().Match(line) is { Success: true } m && m.Groups["call"].Value.Contains(methodName + "(", StringComparison.Ordinal);

    private static List<TaskExample> ParseExamples(List<string> lines, string methodName, int firstLine)
    {
        var examples = new List<TaskExample>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.StartsWith(">>>", StringComparison.Ordinal))
            {
                var call = line[3..].Trim();
                string? expected = i + 1 < lines.Count && !lines[i + 1].StartsWith(">>>", StringComparison.Ordinal) ? lines[i + 1].Trim() : null;
                examples.Add(new TaskExample(call, expected, ExampleOrigin.TaskComment, firstLine + i));
                if (expected is not null)
                {
                    lines[i + 1] = ">>>"; // consumed: keep it out of the task text
                    i++;
                }

                continue;
            }

            var match = InlineExample().Match(line);
            if (match.Success && match.Groups["call"].Value.Contains(methodName + "(", StringComparison.Ordinal))
            {
                // "Example: Foo(1) == 2": the call starts at the method's name (or a receiver right before it).
                var call = match.Groups["call"].Value;
                var start = call.IndexOf(methodName + "(", StringComparison.Ordinal);
                while (start > 0 && (char.IsLetterOrDigit(call[start - 1]) || call[start - 1] is '.' or '_'))
                {
                    start--;
                }

                examples.Add(new TaskExample(call[start..].Trim(), match.Groups["expected"].Value.Trim(), ExampleOrigin.TaskComment, firstLine + i));
            }
        }

        return examples;
    }

    [GeneratedRegex(@"^(?<call>.+?\))\s*(==|=>)\s*(?<expected>.+)$")]
    private static partial Regex InlineExample();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"</?\w+[^>]*>")]
    private static partial Regex XmlTag();
}
