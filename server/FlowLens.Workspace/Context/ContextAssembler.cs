using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using FlowLens.Core.Context;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;

namespace FlowLens.Workspace.Context;

/// <summary>
/// Assembles the workspace context of a method from a Roslyn <see cref="Solution"/> (semantic model, not text
/// search): the enclosing type, the workspace types its signature, task comment, fields and members name, the
/// workspace's extension methods on those types, the tests that call the method and a few call sites. Pieces are
/// ranked in that order and added while they fit the budget; what does not fit is reported as cut. The result
/// depends only on the solution's contents, so the same solution always gives the same text.
/// </summary>
public static partial class ContextAssembler
{
    /// <summary>Assembles context for the method declared at <paramref name="position"/> of a document.</summary>
    public static async Task<TaskContext> AssembleAsync(Solution solution, DocumentId documentId, int position, ContextAssemblyOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(solution);
        ArgumentNullException.ThrowIfNull(options);
        var document = solution.GetDocument(documentId) ?? throw new ArgumentException("The document is not in the solution.", nameof(documentId));
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return TaskContext.Unavailable("the document has no C# syntax tree");
        }

        var declaration = root.FindToken(position).Parent?.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault();
        if (declaration is null || model.GetDeclaredSymbol(declaration, cancellationToken) is not { ContainingType: { } enclosing } method)
        {
            return TaskContext.Unavailable("no method at the task's position");
        }

        var candidates = new List<ContextItem>();
        var enclosingMembers = TypeRenderer.Members(enclosing, MemberBodies.Enclosing, method, options.SmallHelperLines, Depth(enclosing), cancellationToken);
        var fileHeader = FileHeader(root);
        var enclosingTitle = Title(enclosing, "the type being edited");

        var types = ReferencedTypes(model, declaration, method, enclosing, options.TypeDepth, cancellationToken);
        foreach (var type in types)
        {
            var text = TypeRenderer.IsShownWhole(type)
                ? TypeRenderer.Whole(type, cancellationToken)
                : TypeRenderer.Assemble(TypeRenderer.Header(type, cancellationToken), TypeRenderer.Members(type, MemberBodies.None, null, 0, 0, cancellationToken));
            candidates.Add(Item(ContextItemKind.Type, Title(type, null), Namespaced(type, text), options.Counter));
        }

        candidates.AddRange(await ExtensionsAsync(solution, document.Project, types.Concat(InvolvedTypes(enclosing)), options.Counter, cancellationToken).ConfigureAwait(false));
        var notes = new List<string>();
        var (tests, calls, hidden) = await UsagesAsync(solution, method, options, cancellationToken).ConfigureAwait(false);
        if (hidden > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{hidden} test(s) hidden by the task"));
        }

        candidates.AddRange(tests);
        candidates.AddRange(calls);
        return Fit(fileHeader, enclosingTitle, enclosing, enclosingMembers, candidates, options, notes, cancellationToken);
    }

    /// <summary>
    /// Ranks and trims: the enclosing type first (dropping its least useful members if it alone is over budget),
    /// then each piece in rank order while it fits; a piece that does not fit is cut and smaller ones may follow.
    /// </summary>
    private static TaskContext Fit(string fileHeader, string enclosingTitle, INamedTypeSymbol enclosing, IReadOnlyList<RenderedMember> members, List<ContextItem> candidates, ContextAssemblyOptions options, List<string> notes, CancellationToken cancellationToken)
    {
        var counter = options.Counter;
        var budget = options.Budget.MaxTokens;
        var available = budget - counter.Count(TaskContext.Heading + "\n\n");
        var header = TypeRenderer.Header(enclosing, cancellationToken);
        var kept = members.ToList();
        var costs = kept.ToDictionary(m => m, m => counter.Count(m.Text + "\n"));
        var cut = new List<RenderedMember>();
        ContextItem EnclosingItem() => Item(ContextItemKind.EnclosingType, enclosingTitle, fileHeader + Nest(enclosing, TypeRenderer.Assemble(header, kept, Depth(enclosing))), counter);

        var enclosingItem = EnclosingItem();
        var estimate = enclosingItem.Tokens;
        while (estimate > available && kept.Any(m => m.DropOrder > 0))
        {
            var drop = kept.Where(m => m.DropOrder > 0).MaxBy(m => (m.DropOrder, kept.IndexOf(m)))!;
            kept.Remove(drop);
            cut.Add(drop);
            estimate -= costs[drop];
            if (estimate <= available)
            {
                enclosingItem = EnclosingItem();
                estimate = enclosingItem.Tokens;
            }
        }

        var included = new List<ContextItem>();
        var excluded = new List<ContextItem>();
        if (cut.Count > 0)
        {
            cut.Reverse();
            excluded.Add(Item(ContextItemKind.EnclosingType, string.Create(CultureInfo.InvariantCulture, $"{cut.Count} member(s) of {enclosing.Name}"), string.Join("\n", cut.Select(m => m.Text.Trim())), counter));
        }

        var used = 0;
        if (enclosingItem.Tokens <= available)
        {
            included.Add(enclosingItem);
            used += enclosingItem.Tokens;
        }
        else
        {
            excluded.Insert(0, enclosingItem);
        }

        foreach (var candidate in candidates)
        {
            if (used + candidate.Tokens + 1 <= available)
            {
                included.Add(candidate);
                used += candidate.Tokens + 1;
            }
            else
            {
                excluded.Add(candidate);
            }
        }

        var text = TaskContext.Render(included);
        return new TaskContext(included, excluded, counter.Count(text), budget, counter.Name, counter.IsExact, notes);
    }

    private static ContextItem Item(ContextItemKind kind, string title, string text, ITokenCounter counter) =>
        new(kind, title, text, counter.Count(TaskContext.Section(title, text)));

    private static int Depth(INamedTypeSymbol type)
    {
        var depth = 0;
        for (var t = type.ContainingType; t is not null; t = t.ContainingType)
        {
            depth++;
        }

        return depth;
    }

    /// <summary>A nested enclosing type shown inside its containing types' headers.</summary>
    private static string Nest(INamedTypeSymbol type, string text)
    {
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            var indent = string.Concat(Enumerable.Repeat("    ", Depth(outer)));
            text = $"{indent}{TypeRenderer.Header(outer, CancellationToken.None)}\n{indent}{{\n{text}\n{indent}}}";
        }

        return text;
    }

    private static string Title(INamedTypeSymbol type, string? role)
    {
        var files = type.DeclaringSyntaxReferences.Select(r => Path.GetFileName(r.SyntaxTree.FilePath)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var project = type.ContainingAssembly?.Name;
        var name = type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
        var where = $"{string.Join(", ", files)}{(project is null ? string.Empty : $", project {project}")}";
        return role is null ? $"{name} ({where})" : $"{name}, {role} ({where})";
    }

    private static string Namespaced(INamedTypeSymbol type, string text) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? $"namespace {ns.ToDisplayString()};\n{text}" : text;

    /// <summary>The file's usings and its namespace, as the enclosing type's file declares them.</summary>
    private static string FileHeader(SyntaxNode root)
    {
        var text = new StringBuilder();
        if (root is CompilationUnitSyntax unit)
        {
            foreach (var u in unit.Usings)
            {
                text.Append(u.ToString()).Append('\n');
            }

            var ns = unit.Members.OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault();
            foreach (var u in ns?.Usings ?? [])
            {
                text.Append(u.ToString()).Append('\n');
            }

            if (ns is not null)
            {
                text.Append(text.Length > 0 ? "\n" : string.Empty).Append(CultureInfo.InvariantCulture, $"namespace {ns.Name};\n\n");
            }
            else if (text.Length > 0)
            {
                text.Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The workspace types to show, most relevant first: those in the method's signature, those the task comment
    /// names, those of the enclosing type's fields and properties, those in its other members' signatures and base
    /// list; then, up to the depth, the types those name in turn.
    /// </summary>
    private static List<INamedTypeSymbol> ReferencedTypes(SemanticModel model, MethodDeclarationSyntax declaration, IMethodSymbol method, INamedTypeSymbol enclosing, int depth, CancellationToken cancellationToken)
    {
        var found = new List<INamedTypeSymbol>();
        var seen = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default) { enclosing };
        void Add(ITypeSymbol? type)
        {
            foreach (var named in Named(type))
            {
                var definition = named.OriginalDefinition;
                if (IsInWorkspace(definition) && !IsNestedIn(definition, enclosing) && seen.Add(definition))
                {
                    found.Add(definition);
                }
            }
        }

        foreach (var type in SignatureTypes(method))
        {
            Add(type);
        }

        foreach (var name in TaskComment(declaration).Select(m => m.Value).Distinct(StringComparer.Ordinal))
        {
            foreach (var symbol in model.LookupNamespacesAndTypes(declaration.SpanStart, name: name).OfType<INamedTypeSymbol>().OrderBy(s => s.ToDisplayString(), StringComparer.Ordinal))
            {
                Add(symbol);
            }
        }

        foreach (var member in enclosing.GetMembers().Where(m => m is IFieldSymbol or IPropertySymbol && !m.IsImplicitlyDeclared))
        {
            Add(member is IFieldSymbol f ? f.Type : ((IPropertySymbol)member).Type);
        }

        foreach (var member in enclosing.GetMembers().OfType<IMethodSymbol>().Where(m => !m.IsImplicitlyDeclared && !SymbolEqualityComparer.Default.Equals(m, method)))
        {
            foreach (var type in SignatureTypes(member))
            {
                Add(type);
            }
        }

        Add(enclosing.BaseType);
        foreach (var type in enclosing.Interfaces)
        {
            Add(type);
        }

        // The types those types name (a record's fields, a class's signatures), one level at a time.
        var level = found.ToList();
        for (var d = 1; d < depth && level.Count > 0; d++)
        {
            var before = found.Count;
            foreach (var type in level)
            {
                foreach (var member in type.GetMembers().Where(m => m.DeclaredAccessibility != Accessibility.Private && !m.IsImplicitlyDeclared))
                {
                    switch (member)
                    {
                        case IFieldSymbol f: Add(f.Type); break;
                        case IPropertySymbol p: Add(p.Type); break;
                        case IMethodSymbol m: foreach (var t in SignatureTypes(m)) Add(t); break;
                    }
                }
            }

            level = found.Skip(before).ToList();
        }

        _ = cancellationToken;
        return found;
    }

    /// <summary>Every type the enclosing type's fields, properties and member signatures name, the BCL's included.</summary>
    private static IEnumerable<ITypeSymbol> InvolvedTypes(INamedTypeSymbol enclosing) =>
        enclosing.GetMembers().SelectMany(m => m switch
        {
            IFieldSymbol f => [f.Type],
            IPropertySymbol p => [p.Type],
            IMethodSymbol method => SignatureTypes(method),
            _ => [],
        }).Prepend(enclosing);

    private static IEnumerable<ITypeSymbol> SignatureTypes(IMethodSymbol method) =>
        method.Parameters.Select(p => p.Type).Prepend(method.ReturnType);

    /// <summary>Named types inside a type: itself, its type arguments, array elements, nullable underlying types.</summary>
    private static IEnumerable<INamedTypeSymbol> Named(ITypeSymbol? type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                foreach (var t in Named(array.ElementType))
                {
                    yield return t;
                }

                break;
            case INamedTypeSymbol named:
                yield return named;
                foreach (var argument in named.TypeArguments)
                {
                    foreach (var t in Named(argument))
                    {
                        yield return t;
                    }
                }

                break;
        }
    }

    private static bool IsInWorkspace(ISymbol symbol) => symbol.Locations.Any(l => l.IsInSource) && !symbol.IsImplicitlyDeclared;

    private static bool IsNestedIn(INamedTypeSymbol type, INamedTypeSymbol outer)
    {
        for (var t = type.ContainingType; t is not null; t = t.ContainingType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, outer))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Capitalised words of the comment above the method: candidate type names to look up in scope.</summary>
    private static IEnumerable<Match> TaskComment(MethodDeclarationSyntax declaration)
    {
        var comments = declaration.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia) || t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia));
        return comments.SelectMany(c => TypeName().Matches(c.ToFullString()));
    }

    /// <summary>
    /// Extension classes of the workspace (the method's project and the projects it references) with the extension
    /// methods that apply to the types involved; the model knows the BCL, not these.
    /// </summary>
    private static async Task<List<ContextItem>> ExtensionsAsync(Solution solution, Project project, IEnumerable<ITypeSymbol> involved, ITokenCounter counter, CancellationToken cancellationToken)
    {
        var items = new List<ContextItem>();
        var targets = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var type in involved.SelectMany(Named))
        {
            targets.Add(type.OriginalDefinition);
            foreach (var i in type.AllInterfaces)
            {
                targets.Add(i.OriginalDefinition);
            }

            for (var b = type.BaseType; b is not null; b = b.BaseType)
            {
                targets.Add(b.OriginalDefinition);
            }
        }

        var projects = solution.GetProjectDependencyGraph().GetProjectsThatThisProjectTransitivelyDependsOn(project.Id).Prepend(project.Id)
            .Select(solution.GetProject)
            .OfType<Project>()
            .OrderBy(p => p.Id == project.Id ? 0 : 1)
            .ThenBy(p => p.Name, StringComparer.Ordinal);
        foreach (var source in projects)
        {
            var compilation = await source.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null)
            {
                continue;
            }

            foreach (var type in ExtensionClasses.GetValue(compilation, FindExtensionClasses))
            {
                var methods = type.GetMembers().OfType<IMethodSymbol>()
                    .Where(m => m.IsExtensionMethod && m.DeclaredAccessibility != Accessibility.Private && m.Parameters.Length > 0 && Applies(m.Parameters[0].Type, targets))
                    .SelectMany(m => m.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>())
                    .ToList();
                if (methods.Count == 0)
                {
                    continue;
                }

                var members = methods.Select(m => new RenderedMember("    " + OneLineSignature(m) + ";", 0));
                var text = Namespaced(type, TypeRenderer.Assemble(TypeRenderer.Header(type, cancellationToken), members));
                items.Add(Item(ContextItemKind.Extensions, Title(type, "extension methods"), text, counter));
            }
        }

        return items;
    }

    /// <summary>
    /// Each compilation's extension classes, found once: a compilation is immutable, and an unchanged project keeps
    /// its compilation across solution snapshots, so only edited projects are scanned again.
    /// </summary>
    private static readonly ConditionalWeakTable<Compilation, IReadOnlyList<INamedTypeSymbol>> ExtensionClasses = new();

    private static IReadOnlyList<INamedTypeSymbol> FindExtensionClasses(Compilation compilation) =>
        compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type)
            .OfType<INamedTypeSymbol>()
            .Where(t => t.IsStatic && t.MightContainExtensionMethods && t.DeclaredAccessibility != Accessibility.Private)
            .OrderBy(t => t.ToDisplayString(), StringComparer.Ordinal)
            .ToList();

    private static bool Applies(ITypeSymbol receiver, HashSet<ITypeSymbol> targets) => receiver switch
    {
        ITypeParameterSymbol parameter => parameter.ConstraintTypes.Any(c => targets.Contains(c.OriginalDefinition)),
        _ => targets.Contains(receiver.OriginalDefinition),
    };

    private static string OneLineSignature(MethodDeclarationSyntax method)
    {
        var end = method.Body?.SpanStart ?? method.ExpressionBody?.SpanStart ?? method.SemicolonToken.SpanStart;
        var text = method.SyntaxTree.GetText().ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(method.SpanStart, end));
        return string.Join(" ", text.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim())).Trim();
    }

    /// <summary>
    /// The method's references: in test projects, the test methods that call it (unless the task hides their file);
    /// elsewhere, the statements that call it.
    /// </summary>
    private static async Task<(List<ContextItem> Tests, List<ContextItem> Calls, int Hidden)> UsagesAsync(Solution solution, IMethodSymbol method, ContextAssemblyOptions options, CancellationToken cancellationToken)
    {
        var tests = new List<ContextItem>();
        var calls = new List<ContextItem>();
        var hidden = 0;
        var references = await SymbolFinder.FindReferencesAsync(method, solution, cancellationToken).ConfigureAwait(false);
        var locations = references.SelectMany(r => r.Locations)
            .Where(l => l.Document.FilePath is not null)
            .OrderBy(l => l.Document.FilePath, StringComparer.Ordinal)
            .ThenBy(l => l.Location.SourceSpan.Start)
            .ToList();
        var seen = new HashSet<SyntaxNode>();
        foreach (var location in locations)
        {
            var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var node = root?.FindNode(location.Location.SourceSpan);
            var member = node?.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault(m => m is BaseMethodDeclarationSyntax or BasePropertyDeclarationSyntax);
            if (node is null || member is null || !seen.Add(member))
            {
                continue;
            }

            var path = location.Document.FilePath!;
            var line = location.Location.GetLineSpan().StartLinePosition.Line + 1;
            if (IsTestProject(location.Document.Project))
            {
                if (!options.MayShowTestFile(path))
                {
                    hidden++;
                }
                else if (tests.Count < options.MaxTests)
                {
                    tests.Add(Item(ContextItemKind.Test, string.Create(CultureInfo.InvariantCulture, $"a test that calls it ({Path.GetFileName(path)}:{line}, project {location.Document.Project.Name})"), TypeRenderer.Dedent(member, string.Empty), options.Counter));
                }
            }
            else if (calls.Count < options.MaxCallSites && !member.Span.Contains(method.Locations[0].SourceSpan))
            {
                var statement = node.AncestorsAndSelf().FirstOrDefault(n => n is StatementSyntax or ArrowExpressionClauseSyntax) ?? node;
                var caller = member switch
                {
                    MethodDeclarationSyntax m => m.Identifier.Text,
                    ConstructorDeclarationSyntax c => c.Identifier.Text,
                    PropertyDeclarationSyntax p => p.Identifier.Text,
                    _ => "a member",
                };
                calls.Add(Item(ContextItemKind.CallSite, string.Create(CultureInfo.InvariantCulture, $"a call in {caller} ({Path.GetFileName(path)}:{line}, project {location.Document.Project.Name})"), TypeRenderer.Dedent(statement, string.Empty), options.Counter));
            }
        }

        return (tests, calls, hidden);
    }

    /// <summary>A project that references a test framework (xunit, NUnit, MSTest) or is named as a test project.</summary>
    internal static bool IsTestProject(Project project) =>
        project.Name.EndsWith(".Tests", StringComparison.Ordinal) || project.Name.EndsWith(".Test", StringComparison.Ordinal)
        || project.MetadataReferences.Any(r => r.Display is { } d && TestFramework().IsMatch(Path.GetFileName(d)));

    [GeneratedRegex(@"\b[A-Z][A-Za-z0-9_]*\b")]
    private static partial Regex TypeName();

    [GeneratedRegex(@"^(xunit\.core|xunit\.v3\.core|nunit\.framework|Microsoft\.VisualStudio\.TestPlatform\.TestFramework)\.dll$", RegexOptions.IgnoreCase)]
    private static partial Regex TestFramework();
}
