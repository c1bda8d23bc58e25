using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using FlowLens.Core.Projects;
using FlowLens.Core.Tasks;
using FlowLens.Workspace.Context;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;

namespace FlowLens.Workspace;

/// <summary>
/// Core's <see cref="ITestSelector"/> from the shared <see cref="SolutionView"/>: the test methods of the workspace's
/// test projects that reference the method, directly or through test helpers up to <see cref="MaxHelperDepth"/> calls
/// deep, found with Roslyn's <see cref="SymbolFinder"/>. A test file that only names the method in a comment or a string
/// is not a reference, so its tests are not chosen.
/// </summary>
public sealed class ReferenceTestSelector(SolutionViewCache views) : ITestSelector
{
    /// <summary>How many helpers may stand between a test and the method; deeper chains are rare and costly to follow.</summary>
    public const int MaxHelperDepth = 2;

    /// <summary>Attributes (by class name, base classes included) that make a method a test in xunit, NUnit or MSTest.</summary>
    private static readonly HashSet<string> TestAttributes = new(StringComparer.Ordinal)
    {
        "FactAttribute", "TheoryAttribute", "TestAttribute", "TestCaseAttribute", "TestCaseSourceAttribute", "TestMethodAttribute", "DataTestMethodAttribute",
    };

    /// <summary>Attributes of methods that run around every test of their class, so what they reach, every test there reaches.</summary>
    private static readonly HashSet<string> LifecycleAttributes = new(StringComparer.Ordinal)
    {
        "SetUpAttribute", "OneTimeSetUpAttribute", "TearDownAttribute", "OneTimeTearDownAttribute", "TestInitializeAttribute", "ClassInitializeAttribute", "TestCleanupAttribute", "ClassCleanupAttribute",
    };

    /// <summary>Selections per solution snapshot: every candidate of a run asks again, and only an edit can change the answer.</summary>
    private readonly ConditionalWeakTable<Solution, ConcurrentDictionary<string, TestSelection?>> _memo = new();

    public async Task<TestSelection?> SelectAsync(string workspaceRoot, string filePath, string methodName, TextPosition bodyStart, CancellationToken cancellationToken)
    {
        var view = await views.GetAsync(workspaceRoot, cancellationToken).ConfigureAwait(false);
        var solution = view.Current;
        var memo = _memo.GetValue(solution, _ => new ConcurrentDictionary<string, TestSelection?>(StringComparer.Ordinal));
        var key = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFullPath(filePath)}|{methodName}|{bodyStart.Line}|{bodyStart.Character}");
        if (memo.TryGetValue(key, out var known))
        {
            return known;
        }

        var selection = await SelectAsync(solution, filePath, methodName, bodyStart, cancellationToken).ConfigureAwait(false);
        memo.TryAdd(key, selection);
        return selection;
    }

    private static async Task<TestSelection?> SelectAsync(Solution solution, string filePath, string methodName, TextPosition bodyStart, CancellationToken cancellationToken)
    {
        var documentId = solution.GetDocumentIdsWithFilePath(Path.GetFullPath(filePath)).FirstOrDefault();
        if (solution.GetDocument(documentId) is not { } document
            || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model)
        {
            return null;
        }

        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var position = bodyStart.Line < text.Lines.Count ? Math.Min(text.Lines[bodyStart.Line].Start + bodyStart.Character, text.Length) : 0;
        var declaration = root.FindToken(position).Parent?.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Identifier.ValueText == methodName)
            ?? root.DescendantNodes().OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Identifier.ValueText == methodName);
        if (declaration is null || model.GetDeclaredSymbol(declaration, cancellationToken) is not { } method)
        {
            return null;
        }

        var testDocuments = solution.Projects.Where(ContextAssembler.IsTestProject).SelectMany(p => p.Documents).ToHashSet();
        var tests = new SortedDictionary<string, SelectedTest>(StringComparer.Ordinal);
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default) { method };
        var frontier = new List<ISymbol> { method };
        var helpers = 0;
        for (var depth = 0; depth <= MaxHelperDepth && frontier.Count > 0 && testDocuments.Count > 0; depth++)
        {
            var next = new List<ISymbol>();
            foreach (var symbol in frontier)
            {
                var references = await SymbolFinder.FindReferencesAsync(symbol, solution, System.Collections.Immutable.ImmutableHashSet.CreateRange(testDocuments), cancellationToken).ConfigureAwait(false);
                foreach (var location in references.SelectMany(r => r.Locations).Where(l => !l.IsImplicit))
                {
                    var caller = await CallerAsync(location, cancellationToken).ConfigureAwait(false);
                    if (caller is null)
                    {
                        continue;
                    }

                    if (IsTest(caller))
                    {
                        Add(tests, caller, location.Document);
                    }
                    else if (IsLifecycle(caller))
                    {
                        // A constructor or set-up method of a test class runs before each of its tests.
                        foreach (var test in caller.ContainingType.GetMembers().OfType<IMethodSymbol>().Where(IsTest))
                        {
                            Add(tests, test, location.Document);
                        }
                    }
                    else if (depth < MaxHelperDepth && seen.Add(caller))
                    {
                        next.Add(caller.AssociatedSymbol ?? caller);
                        helpers++;
                    }
                }
            }

            frontier = next;
        }

        var how = string.Create(CultureInfo.InvariantCulture, $"tests selected with Roslyn: {tests.Count} test method(s) reference {methodName}, directly or through {helpers} test helper(s) (at most {MaxHelperDepth} deep)");
        return new TestSelection([.. tests.Values], how);
    }

    /// <summary>The method, constructor or accessor whose code holds the reference (a lambda's or local function's enclosing member).</summary>
    private static async Task<IMethodSymbol?> CallerAsync(ReferenceLocation location, CancellationToken cancellationToken)
    {
        var model = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var symbol = model?.GetEnclosingSymbol(location.Location.SourceSpan.Start, cancellationToken);
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            symbol = symbol.ContainingSymbol;
        }

        return symbol as IMethodSymbol;
    }

    private static void Add(SortedDictionary<string, SelectedTest> tests, IMethodSymbol test, Document document)
    {
        var name = FrameworkName(test);
        var file = test.Locations.FirstOrDefault(l => l.IsInSource)?.SourceTree?.FilePath ?? document.FilePath ?? string.Empty;
        tests.TryAdd(name, new SelectedTest(name, file, document.Project.FilePath ?? string.Empty));
    }

    /// <summary>The name the frameworks give a test method: the type's namespace and nesting (<c>+</c>), then the method.</summary>
    internal static string FrameworkName(IMethodSymbol method)
    {
        var types = new List<string>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            types.Insert(0, type.MetadataName);
        }

        var ns = method.ContainingType?.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : string.Empty;
        return ns + string.Join('+', types) + "." + method.Name;
    }

    private static bool IsTest(IMethodSymbol method) =>
        method.MethodKind == MethodKind.Ordinary && method.GetAttributes().Any(a => Named(a.AttributeClass, TestAttributes));

    private static bool IsLifecycle(IMethodSymbol method) =>
        (method.MethodKind == MethodKind.Constructor && method.ContainingType.GetMembers().OfType<IMethodSymbol>().Any(IsTest))
        || method.GetAttributes().Any(a => Named(a.AttributeClass, LifecycleAttributes));

    private static bool Named(INamedTypeSymbol? attribute, HashSet<string> names)
    {
        for (var type = attribute; type is not null; type = type.BaseType)
        {
            if (names.Contains(type.Name))
            {
                return true;
            }
        }

        return false;
    }
}
