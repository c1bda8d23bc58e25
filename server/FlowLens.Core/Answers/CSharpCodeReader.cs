using FlowLens.Core.Evaluation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowLens.Core.Answers;

/// <summary>
/// Decides with Roslyn's parser what one piece of code is: a declaration of the target method (alone, inside a
/// class, or inside a whole file with usings and a namespace), a bare body, unfinished code for the target, or
/// something else (a usage example, a test class). A declaration brings along the other members of its type as
/// helpers and the file's usings.
/// </summary>
public static class CSharpCodeReader
{
    private const string WrapperName = "__FlowLensAnswer";
    private const string WrapperOpen = "class " + WrapperName + "\n{\n";
    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Preview);

    private static readonly HashSet<string> TestAttributes = new(StringComparer.Ordinal)
    {
        "Fact", "Theory", "Test", "TestCase", "TestMethod", "DataTestMethod", "InlineData", "TestFixture", "TestClass",
    };

    private static readonly string[] TestNamespaces = ["Xunit", "NUnit", "Microsoft.VisualStudio.TestTools", "FluentAssertions"];

    public static CodeReading Read(string code, AnswerTarget target)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(target);
        var text = code.Trim();
        if (text.Length == 0)
        {
            return CodeReading.None;
        }

        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(text, Parse).GetRoot();
        var declaration = FindTarget(root, target);
        if (declaration is not null)
        {
            return FromDeclaration(root, declaration, loose: false);
        }

        // Members written without a class (a method, maybe helpers and fields beside it) parse as members of one.
        var usingsEnd = root.Usings.Count > 0 ? root.Usings[^1].FullSpan.End : 0;
        var wrapped = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(WrapperOpen + text[usingsEnd..] + "\n}", Parse).GetRoot();
        declaration = FindTarget(wrapped, target);
        if (declaration?.Parent is TypeDeclarationSyntax { Identifier.ValueText: WrapperName } wrapper)
        {
            if (wrapper.CloseBraceToken.IsMissing)
            {
                return CodeReading.Incomplete; // our closing brace closed the answer's unfinished method
            }

            return FromDeclaration(wrapped.WithUsings(root.Usings), declaration, loose: true);
        }

        var body = AsBody(text, target);
        if (body is not null)
        {
            return new CodeReading(CodeReadingKind.BareBody, CandidateEdit.OfBody(body));
        }

        return MentionsDeclaration(root, target) ? CodeReading.Incomplete : CodeReading.None;
    }

    /// <summary>The target's declaration: the method (or top-level local function) with its name, the right parameter count preferred.</summary>
    private static MethodDeclarationSyntax? FindTarget(CompilationUnitSyntax root, AnswerTarget target)
    {
        var named = root.DescendantNodes()
            .OfType<MethodDeclarationSyntax>()
            .Where(m => m.Identifier.ValueText == target.MethodName && m.Parent is TypeDeclarationSyntax && !IsTestMember(m))
            .ToList();
        return named.LastOrDefault(n => ParameterCount(n) == target.ParameterCount) ?? named.LastOrDefault();
    }

    private static CodeReading FromDeclaration(CompilationUnitSyntax root, MethodDeclarationSyntax declaration, bool loose)
    {
        if (declaration.ContainsDiagnostics || declaration is { Body: null, ExpressionBody: null })
        {
            return CodeReading.Incomplete;
        }

        var body = BodyOf(declaration);
        var siblings = ((TypeDeclarationSyntax)declaration.Parent!).Members.Where(m => m != declaration);
        var members = new List<string>();
        foreach (var sibling in siblings)
        {
            if (IsTestMember(sibling) || IsEntryPoint(sibling))
            {
                continue; // tests and Main are not part of the solution
            }

            if (sibling.ContainsDiagnostics)
            {
                if (loose)
                {
                    continue; // a usage line beside a loose method is not a member
                }

                return CodeReading.Incomplete;
            }

            members.Add(Dedent(sibling.ToFullString()));
        }

        var usings = root.Usings
            .Concat(root.Members.OfType<BaseNamespaceDeclarationSyntax>().SelectMany(n => n.Usings))
            .Where(u => u.GlobalKeyword == default && !TestNamespaces.Any(t => u.Name?.ToString().StartsWith(t, StringComparison.Ordinal) == true))
            .Select(u => u.WithoutTrivia().NormalizeWhitespace().ToFullString())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new CodeReading(CodeReadingKind.DeclaresTarget, new CandidateEdit(body, members, usings));
    }

    private static string BodyOf(MethodDeclarationSyntax declaration)
    {
        var (block, arrow, returnType, isAsync) = (declaration.Body, declaration.ExpressionBody, declaration.ReturnType, declaration.Modifiers.Any(SyntaxKind.AsyncKeyword));
        if (block is not null)
        {
            return Dedent(block.WithoutLeadingTrivia().WithoutTrailingTrivia().ToFullString(), firstLineIncluded: false);
        }

        var isVoid = returnType is PredefinedTypeSyntax p && p.Keyword.IsKind(SyntaxKind.VoidKeyword);
        var plainTask = isAsync && returnType is IdentifierNameSyntax { Identifier.ValueText: "Task" or "ValueTask" };
        var expression = Dedent(arrow!.Expression.WithoutTrivia().ToFullString(), firstLineIncluded: false);
        var statement = (isVoid || plainTask ? string.Empty : "return ") + expression + ";";
        return "{\n" + Indent(statement, "    ") + "\n}";
    }

    /// <summary>Statements that make a body: they parse as a block, and a method that returns something returns.</summary>
    private static string? AsBody(string text, AnswerTarget target)
    {
        var braced = text.StartsWith('{') && text.EndsWith('}') ? text : "{\n" + text + "\n}";
        if (SyntaxFactory.ParseStatement(braced, options: Parse) is not BlockSyntax block
            || block.FullSpan.Length != braced.Length
            || block.ContainsDiagnostics
            || block.Statements.Count == 0)
        {
            return null;
        }

        var returns = block.DescendantNodes().OfType<ReturnStatementSyntax>().Any(r => r.Expression is not null)
            || block.DescendantNodes().OfType<ThrowStatementSyntax>().Any()
            || block.DescendantNodes().OfType<YieldStatementSyntax>().Any();
        if (target.ReturnsValue && !returns)
        {
            return null; // a usage example that prints Compress("aab")
        }

        return braced == text ? Dedent(text, firstLineIncluded: false) : "{\n" + Indent(Dedent(text), "    ") + "\n}";
    }

    private static bool MentionsDeclaration(CompilationUnitSyntax root, AnswerTarget target) =>
        root.DescendantTokens().Any(t => t.ValueText == target.MethodName && t.GetNextToken().IsKind(SyntaxKind.OpenParenToken)
            && t.GetPreviousToken() is var before && (SyntaxFacts.IsPredefinedType(before.Kind()) || before.IsKind(SyntaxKind.IdentifierToken) || before.IsKind(SyntaxKind.GreaterThanToken) || before.IsKind(SyntaxKind.CloseBracketToken) || before.IsKind(SyntaxKind.QuestionToken)))
        && root.ContainsDiagnostics;

    private static int ParameterCount(MethodDeclarationSyntax method) => method.ParameterList.Parameters.Count;

    private static bool IsTestMember(SyntaxNode node)
    {
        if (node is TypeDeclarationSyntax type && type.Members.Any(IsTestMember))
        {
            return true; // a test class
        }

        var lists = node switch
        {
            MemberDeclarationSyntax m => m.AttributeLists,
            LocalFunctionStatementSyntax f => f.AttributeLists,
            _ => default,
        };
        return lists.SelectMany(l => l.Attributes).Any(a => TestAttributes.Contains(LastName(a.Name.ToString())));
    }

    private static string LastName(string name)
    {
        var dot = name.LastIndexOf('.');
        var last = dot >= 0 ? name[(dot + 1)..] : name;
        return last.EndsWith("Attribute", StringComparison.Ordinal) ? last[..^"Attribute".Length] : last;
    }

    private static bool IsEntryPoint(SyntaxNode node) => node is MethodDeclarationSyntax { Identifier.ValueText: "Main" } m && m.Modifiers.Any(SyntaxKind.StaticKeyword);

    /// <summary>Removes blank lines around the text and the indentation all its lines share.</summary>
    internal static string Dedent(string text, bool firstLineIncluded = true)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[0].Length == 0)
        {
            lines.RemoveAt(0);
        }

        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var measured = (firstLineIncluded ? lines : lines.Skip(1)).Where(l => l.Length > 0).ToList();
        var common = measured.Count == 0 ? 0 : measured.Min(l => l.Length - l.TrimStart().Length);
        return string.Join("\n", lines.Select((l, i) => !firstLineIncluded && i == 0 ? l.TrimStart() : l.Length >= common ? l[common..] : l.TrimStart()));
    }

    private static string Indent(string text, string unit) =>
        string.Join("\n", text.Split('\n').Select(l => l.Length == 0 ? l : unit + l));
}
