using FlowLens.Core.Tasks;
using FlowLens.Core.Workflows;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace FlowLens.Core.Evaluation;

/// <summary>
/// Turns a candidate into the edits the editor applies, so that the sandbox compiles exactly what the user gets:
/// the body replaces the target's body (re-indented to the method), the added members follow the method inside
/// its type (one blank line apart, at the method's indentation), and missing usings go after the file's last top
/// using (or at its top). The file's line endings are kept. A member whose name is already taken in the type fails
/// the candidate, unless it is the very same declaration (a whole class that repeats an existing member).
/// </summary>
public static class CandidatePlacement
{
    public static PlacedCandidate Place(CandidateEdit candidate, string documentText, TaskSite site)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(documentText);
        ArgumentNullException.ThrowIfNull(site);
        if (candidate.Unreadable is { } unreadable)
        {
            return PlacedCandidate.Failed(documentText, unreadable);
        }

        var source = SourceText.From(documentText);
        var eol = documentText.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var bodyStart = Offset(source, site.BodyRange.Start);
        var bodyEnd = Offset(source, site.BodyRange.End);
        var methodLine = source.Lines[site.MethodRange.Start.Line].ToString();
        var indentation = methodLine[..(methodLine.Length - methodLine.TrimStart().Length)];

        var root = CSharpSyntaxTree.ParseText(source).GetRoot();
        var method = root.DescendantNodes().OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Identifier.ValueText == site.MethodName && m.Span.Contains(bodyStart));
        var members = new List<string>();
        foreach (var member in candidate.Members)
        {
            var verdict = Clash(member, method);
            if (verdict.Clash is { } clash)
            {
                return PlacedCandidate.Failed(documentText, clash);
            }

            if (!verdict.Duplicate)
            {
                members.Add(member);
            }
        }

        var body = CandidateCode.Reindent(candidate.Body, indentation).ReplaceLineEndings(eol);
        var code = new System.Text.StringBuilder(body);
        foreach (var member in members)
        {
            code.Append("\n\n").Append(IndentMember(member, indentation));
        }

        var codeText = code.ToString().ReplaceLineEndings(eol);
        var edits = new List<(int Start, int End, string Text)>();
        var usings = MissingUsings(root, candidate.Usings);
        var usingShift = 0;
        if (usings.Count > 0)
        {
            var lastUsing = root is CompilationUnitSyntax unit && unit.Usings.Count > 0 ? unit.Usings[^1] : null;
            var block = string.Join(eol, usings);
            var (at, text) = lastUsing is null ? (0, block + eol + eol) : (lastUsing.Span.End, eol + block);
            edits.Add((at, at, text));
            usingShift = text.Length;
        }

        edits.Add((bodyStart, bodyEnd, codeText));
        var result = documentText;
        foreach (var (start, end, text) in edits.OrderByDescending(e => e.Start))
        {
            result = result[..start] + text + result[end..];
        }

        var documentEdits = edits
            .Select(e => new DocumentTextEdit(new TextRange(Position(source, e.Start), Position(source, e.End)), e.Text))
            .ToList();
        return new PlacedCandidate(documentEdits, result, bodyStart + usingShift, codeText.Length) { BodyLength = body.Length };
    }

    private static (string? Clash, bool Duplicate) Clash(string member, MethodDeclarationSyntax? target)
    {
        if (target?.Parent is not TypeDeclarationSyntax type || SyntaxFactory.ParseMemberDeclaration(member) is not { } added)
        {
            return (null, false);
        }

        var names = Names(added);
        foreach (var existing in type.Members.Where(m => m != target))
        {
            if (!Names(existing).Intersect(names, StringComparer.Ordinal).Any())
            {
                continue;
            }

            if (Normalised(existing) == Normalised(added))
            {
                return (null, true);
            }

            if (existing is MethodDeclarationSyntax a && added is MethodDeclarationSyntax b && a.ParameterList.Parameters.Count != b.ParameterList.Parameters.Count)
            {
                continue; // an overload, not a clash
            }

            return ($"the answer adds a member '{names.First()}' but {type.Identifier.ValueText} already has a member with that name", false);
        }

        return (null, false);
    }

    private static IReadOnlyList<string> Names(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax m => [m.Identifier.ValueText],
        BaseTypeDeclarationSyntax t => [t.Identifier.ValueText],
        DelegateDeclarationSyntax d => [d.Identifier.ValueText],
        PropertyDeclarationSyntax p => [p.Identifier.ValueText],
        EventDeclarationSyntax e => [e.Identifier.ValueText],
        BaseFieldDeclarationSyntax f => f.Declaration.Variables.Select(v => v.Identifier.ValueText).ToList(),
        _ => [],
    };

    private static string Normalised(SyntaxNode node) => node.WithoutTrivia().NormalizeWhitespace().ToFullString();

    private static List<string> MissingUsings(SyntaxNode root, IReadOnlyList<string> usings)
    {
        var present = root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<UsingDirectiveSyntax>()
            .Select(Normalised)
            .ToHashSet(StringComparer.Ordinal);
        return usings.Where(u => SyntaxFactory.ParseCompilationUnit(u).Usings.Count == 1)
            .Select(u => Normalised(SyntaxFactory.ParseCompilationUnit(u).Usings[0]))
            .Where(u => !present.Contains(u))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static string IndentMember(string member, string indentation) =>
        string.Join("\n", member.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim().Length == 0 ? string.Empty : indentation + l.TrimEnd()));

    private static int Offset(SourceText source, TextPosition position) =>
        source.Lines.GetPosition(new LinePosition(position.Line, position.Character));

    private static TextPosition Position(SourceText source, int offset)
    {
        var p = source.Lines.GetLinePosition(offset);
        return new TextPosition(p.Line, p.Character);
    }
}
