using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowLens.Sandbox.Worker.Compilation;

/// <summary>
/// Finds xunit tests in the syntax alone: <c>[Fact]</c> methods, and <c>[Theory]</c> methods with one test per
/// <c>[InlineData]</c> row (or one test for all rows of member or class data). Listing from syntax keeps the total
/// stable when the candidate does not compile. Skipped tests are left out, as xunit leaves them out of a pass rate.
/// </summary>
internal static class TestDiscovery
{
    public static IEnumerable<DiscoveredTest> Find(SyntaxTree tree)
    {
        foreach (var method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            var attributes = method.AttributeLists.SelectMany(l => l.Attributes).ToList();
            var fact = attributes.FirstOrDefault(a => Named(a, "Fact"));
            var theory = attributes.FirstOrDefault(a => Named(a, "Theory"));
            var test = fact ?? theory;
            if (test is null || method.Parent is not ClassDeclarationSyntax type
                || test.ArgumentList?.Arguments.Any(a => a.NameEquals?.Name.Identifier.ValueText == "Skip") == true)
            {
                continue;
            }

            var typeName = MetadataName(type);
            var display = $"{type.Identifier.ValueText}.{method.Identifier.ValueText}";
            var rows = attributes.Where(a => Named(a, "InlineData")).ToList();
            if (theory is not null && rows.Count > 0)
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    var args = rows[i].ArgumentList?.Arguments.ToString() ?? string.Empty;
                    yield return new DiscoveredTest(typeName, method.Identifier.ValueText, i, $"{display}({args})");
                }
            }
            else
            {
                yield return new DiscoveredTest(typeName, method.Identifier.ValueText, -1, display);
            }
        }
    }

    private static bool Named(AttributeSyntax attribute, string name)
    {
        var text = attribute.Name switch
        {
            QualifiedNameSyntax q => q.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
            SimpleNameSyntax s => s.Identifier.ValueText,
            _ => attribute.Name.ToString(),
        };
        return text == name || text == name + "Attribute";
    }

    /// <summary>The name reflection knows the class by: namespaces joined by '.', nested classes by '+'.</summary>
    public static string MetadataName(TypeDeclarationSyntax type)
    {
        var name = type.Identifier.ValueText + (type.TypeParameterList is { } p ? "`" + p.Parameters.Count : string.Empty);
        SyntaxNode? parent = type.Parent;
        while (parent is TypeDeclarationSyntax outer)
        {
            name = outer.Identifier.ValueText + (outer.TypeParameterList is { } op ? "`" + op.Parameters.Count : string.Empty) + "+" + name;
            parent = outer.Parent;
        }

        var namespaces = new List<string>();
        for (; parent is not null; parent = parent.Parent)
        {
            if (parent is BaseNamespaceDeclarationSyntax ns)
            {
                namespaces.Insert(0, ns.Name.ToString());
            }
        }

        return namespaces.Count == 0 ? name : string.Join('.', namespaces) + "." + name;
    }
}
