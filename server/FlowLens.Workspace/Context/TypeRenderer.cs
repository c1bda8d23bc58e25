using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace FlowLens.Workspace.Context;

/// <summary>
/// Renders a type's declaration for a prompt, merged over its partial parts in file order: records, enums and
/// delegates in full, other types as a header and their members (signatures, or bodies where
/// <see cref="MemberBodies"/> says).
/// </summary>
internal static class TypeRenderer
{
    private const string Indent = "    ";

    /// <summary>Whether the type is shown whole: its declaration is its shape (records, enums, delegates).</summary>
    public static bool IsShownWhole(INamedTypeSymbol type) =>
        type.IsRecord || type.TypeKind is TypeKind.Enum or TypeKind.Delegate;

    /// <summary>The declarations of a type, in file order, so partial parts merge the same way every time.</summary>
    public static IReadOnlyList<MemberDeclarationSyntax> Declarations(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences
            .OrderBy(r => r.SyntaxTree.FilePath, StringComparer.Ordinal)
            .ThenBy(r => r.Span.Start)
            .Select(r => r.GetSyntax(cancellationToken))
            .OfType<MemberDeclarationSyntax>()
            .ToList();

    /// <summary>The whole declaration text of each part (for records, enums and delegates).</summary>
    public static string Whole(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        string.Join("\n", Declarations(type, cancellationToken).Select(d => Dedent(d, string.Empty)));

    /// <summary>The type's header line, such as <c>public sealed class Invoice : IPriced</c>, without <c>partial</c>.</summary>
    public static string Header(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var parts = Declarations(type, cancellationToken).OfType<BaseTypeDeclarationSyntax>().ToList();
        if (parts.Count == 0)
        {
            return type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
        }

        var first = parts[0];
        var header = new StringBuilder();
        foreach (var modifier in first.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword)))
        {
            header.Append(modifier.Text).Append(' ');
        }

        header.Append(first switch
        {
            RecordDeclarationSyntax r => r.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
            TypeDeclarationSyntax t => t.Keyword.Text,
            EnumDeclarationSyntax => "enum",
            _ => "class",
        });
        header.Append(' ').Append(first.Identifier.Text);
        if (first is TypeDeclarationSyntax typed)
        {
            header.Append(typed.TypeParameterList?.ToString());
            header.Append(parts.OfType<TypeDeclarationSyntax>().Select(p => p.ParameterList).FirstOrDefault(p => p is not null)?.ToString());
        }

        var bases = parts.SelectMany(p => p.BaseList?.Types.Select(t => t.ToString()) ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (bases.Count > 0)
        {
            header.Append(" : ").Append(string.Join(", ", bases));
        }

        if (first is TypeDeclarationSyntax { ConstraintClauses.Count: > 0 } constrained)
        {
            header.Append(' ').Append(string.Join(" ", constrained.ConstraintClauses.Select(c => c.ToString())));
        }

        return header.ToString();
    }

    /// <summary>
    /// The members of a type as they are shown, in file order. <paramref name="target"/> (the method being written)
    /// is shown as a one-line marker so the model sees where its code goes.
    /// </summary>
    public static IReadOnlyList<RenderedMember> Members(INamedTypeSymbol type, MemberBodies bodies, IMethodSymbol? target, int smallHelperLines, int depth, CancellationToken cancellationToken)
    {
        var indent = string.Concat(Enumerable.Repeat(Indent, depth + 1));
        var members = new List<RenderedMember>();
        // The part that holds the method being written comes first: its neighbours are the most relevant.
        var parts = Declarations(type, cancellationToken).OfType<TypeDeclarationSyntax>()
            .OrderBy(p => target is not null && target.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == p.SyntaxTree && p.Span.Contains(r.Span)) ? 0 : 1);
        foreach (var part in parts)
        {
            foreach (var member in part.Members)
            {
                var rendered = Member(member, bodies, target, smallHelperLines, indent, depth, cancellationToken);
                if (rendered is not null)
                {
                    members.Add(rendered);
                }
            }
        }

        if (Declarations(type, cancellationToken).FirstOrDefault() is EnumDeclarationSyntax enumeration)
        {
            members.AddRange(enumeration.Members.Select(m => new RenderedMember(indent + m.ToString() + ",", 0)));
        }

        return members;
    }

    /// <summary>A header, braces and the given members.</summary>
    public static string Assemble(string header, IEnumerable<RenderedMember> members, int depth = 0)
    {
        var indent = string.Concat(Enumerable.Repeat(Indent, depth));
        var text = new StringBuilder();
        text.Append(indent).Append(header).Append('\n').Append(indent).Append("{\n");
        foreach (var member in members)
        {
            text.Append(member.Text.TrimEnd()).Append('\n');
        }

        text.Append(indent).Append('}');
        return text.ToString();
    }

    private static RenderedMember? Member(MemberDeclarationSyntax member, MemberBodies bodies, IMethodSymbol? target, int smallHelperLines, string indent, int depth, CancellationToken cancellationToken)
    {
        var isPrivate = IsPrivate(member);
        if (bodies == MemberBodies.None && isPrivate)
        {
            // Another type's private members are not the model's to use.
            return null;
        }

        switch (member)
        {
            case MethodDeclarationSyntax method when target is not null && IsTarget(method, target):
                return new RenderedMember($"{indent}{Signature(method)} {{ /* the method being written */ }}", 0);
            case BaseTypeDeclarationSyntax or DelegateDeclarationSyntax when member is RecordDeclarationSyntax or EnumDeclarationSyntax or DelegateDeclarationSyntax:
                return new RenderedMember(Dedent(member, indent), 3);
            case TypeDeclarationSyntax nested:
                var nestedMembers = nested.Members
                    .Select(m => Member(m, MemberBodies.None, null, smallHelperLines, indent + Indent, depth + 1, cancellationToken))
                    .OfType<RenderedMember>();
                return new RenderedMember(Assemble(NestedHeader(nested), nestedMembers, depth + 1), 3);
            case FieldDeclarationSyntax or EventFieldDeclarationSyntax:
                return new RenderedMember(Dedent(member, indent), 0);
            case ConstructorDeclarationSyntax constructor:
                return new RenderedMember(bodies == MemberBodies.Enclosing ? Dedent(constructor, indent) : indent + Signature(constructor) + ";", 0);
            case BasePropertyDeclarationSyntax property:
                return new RenderedMember(indent + Property(property), 0);
            case BaseMethodDeclarationSyntax method:
                var small = bodies == MemberBodies.Enclosing && isPrivate && LineCount(method) <= smallHelperLines + 2;
                return small ? new RenderedMember(Dedent(method, indent), 1) : new RenderedMember(indent + Signature(method) + ";", 2);
            default:
                return null;
        }
    }

    private static bool IsTarget(MethodDeclarationSyntax method, IMethodSymbol target) =>
        target.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == method.SyntaxTree && r.Span.Contains(method.Identifier.Span));

    private static string NestedHeader(TypeDeclarationSyntax nested)
    {
        var modifiers = string.Join(" ", nested.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword)).Select(m => m.Text));
        var header = $"{modifiers} {nested.Keyword.Text} {nested.Identifier.Text}{nested.TypeParameterList}{nested.ParameterList}".Trim();
        return nested.BaseList is null ? header : $"{header} {nested.BaseList}";
    }

    private static bool IsPrivate(MemberDeclarationSyntax member) =>
        !member.Modifiers.Any(m => m.Kind() is SyntaxKind.PublicKeyword or SyntaxKind.InternalKeyword or SyntaxKind.ProtectedKeyword)
        && !(member.Parent is InterfaceDeclarationSyntax);

    /// <summary>A method's declaration up to its body, on one line.</summary>
    private static string Signature(BaseMethodDeclarationSyntax method)
    {
        var end = method.Body?.SpanStart ?? method.ExpressionBody?.SpanStart ?? method.SemicolonToken.SpanStart;
        var text = method.SyntaxTree.GetText().ToString(TextSpan.FromBounds(method.SpanStart, end));
        return OneLine(text);
    }

    /// <summary>A property or indexer as its accessors, without their bodies.</summary>
    private static string Property(BasePropertyDeclarationSyntax property)
    {
        var accessors = property.AccessorList?.Accessors;
        if (accessors is { } list && list.All(a => a.Body is null && a.ExpressionBody is null))
        {
            return OneLine(property.ToString());
        }

        var start = property.SpanStart;
        var end = property.AccessorList?.SpanStart ?? (property as PropertyDeclarationSyntax)?.ExpressionBody?.SpanStart ?? (property as IndexerDeclarationSyntax)?.ExpressionBody?.SpanStart ?? property.Span.End;
        var head = OneLine(property.SyntaxTree.GetText().ToString(TextSpan.FromBounds(start, end)));
        var kinds = accessors is { } all ? all.Select(a => a.Keyword.Text + ";") : ["get;"];
        return $"{head} {{ {string.Join(" ", kinds)} }}";
    }

    private static int LineCount(SyntaxNode node)
    {
        var span = node.SyntaxTree.GetLineSpan(node.Span);
        return span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
    }

    private static string OneLine(string text) => string.Join(" ", text.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim())).Trim();

    /// <summary>A node's text (comments inside kept) moved from its own column to <paramref name="indent"/>.</summary>
    internal static string Dedent(SyntaxNode node, string indent)
    {
        var column = node.SyntaxTree.GetLineSpan(node.Span).StartLinePosition.Character;
        var lines = node.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var text = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (i > 0)
            {
                var leading = line.Length - line.TrimStart(' ', '\t').Length;
                line = line[Math.Min(leading, column)..];
                text.Append('\n');
            }

            if (line.Length > 0)
            {
                text.Append(indent).Append(line);
            }
        }

        return text.ToString();
    }
}
