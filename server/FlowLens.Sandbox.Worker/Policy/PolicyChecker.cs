using FlowLens.Sandbox.Worker.Protocol;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace FlowLens.Sandbox.Worker.Policy;

/// <summary>
/// Checks every symbol the policed code names against the <see cref="ApiPolicy"/>, on the semantic model, before
/// anything runs. Only the policed span is bound; trusted code contributes its identifiers (a token walk, no
/// binding), so the IL scan does not blame the candidate for what the user's own code calls.
/// </summary>
internal sealed class PolicyChecker(ApiPolicy policy, IReadOnlySet<string> ownAssemblies)
{
    private readonly List<ResultViolation> _violations = [];
    private readonly HashSet<(string, int)> _seen = [];

    public IReadOnlyList<ResultViolation> Violations => _violations;

    /// <summary>Identifiers named in trusted code: an IL reference whose member or type name is among them is the user's.</summary>
    public HashSet<string> TrustedIdentifiers { get; } = new(StringComparer.Ordinal);

    /// <summary>Denied symbols the policed code uses, and that were reported already.</summary>
    public HashSet<string> PolicedUses { get; } = new(StringComparer.Ordinal);

    private const string Probe = "FlowLens.Sandbox.Worker.Execution.AssertProbe";

    /// <param name="probes">Spans of rewritten asserts, where the sandbox's own assert probe may be named.</param>
    public void Check(SemanticModel model, string path, TextSpan policed, IReadOnlyList<TextSpan> probes)
    {
        var root = model.SyntaxTree.GetRoot();
        foreach (var token in root.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && !policed.Contains(token.Span))
            {
                TrustedIdentifiers.Add(token.ValueText);
            }
        }

        if (policed.IsEmpty)
        {
            return;
        }

        foreach (var node in root.DescendantNodes(n => n.FullSpan.IntersectsWith(policed)))
        {
            if (!policed.Contains(node.Span))
            {
                continue;
            }

            if (Construct(node) is { } construct)
            {
                Report(construct.Symbol, path, node, construct.Reason);
            }

            if (node is not (SimpleNameSyntax or BaseObjectCreationExpressionSyntax or ElementAccessExpressionSyntax))
            {
                continue;
            }

            var info = model.GetSymbolInfo(node);
            var symbol = info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);
            if (symbol is null)
            {
                continue;
            }

            if (symbol is IDynamicTypeSymbol || symbol is IPointerTypeSymbol or IFunctionPointerTypeSymbol)
            {
                Report(symbol is IDynamicTypeSymbol ? "dynamic" : "pointer", path, node,
                    symbol is IDynamicTypeSymbol ? "late binding escapes the static policy" : "unsafe code");
                continue;
            }

            if (IsOwn(symbol) || SymbolKeys.Of(symbol) is not { } key)
            {
                continue;
            }

            var decision = symbol is ITypeSymbol ? policy.DecideType(key) : policy.Decide(key);
            if (decision.Allowed || (key.StartsWith(Probe, StringComparison.Ordinal) && probes.Any(p => p.Contains(node.Span))))
            {
                continue;
            }

            PolicedUses.Add(key);
            Report(key, path, node, decision.Reason);
        }
    }

    private static (string Symbol, string Reason)? Construct(SyntaxNode node) => node switch
    {
        UnsafeStatementSyntax => ("unsafe", "unsafe code"),
        FixedStatementSyntax => ("fixed", "unsafe code"),
        PointerTypeSyntax or FunctionPointerTypeSyntax => ("pointer", "unsafe code"),
        MakeRefExpressionSyntax or RefTypeExpressionSyntax or RefValueExpressionSyntax => ("__makeref", "runtime internals"),
        ExternAliasDirectiveSyntax => ("extern alias", "loads other assemblies"),
        DestructorDeclarationSyntax => ("finalizer", "finalizers run on the GC's thread, outside any test"),
        MemberDeclarationSyntax member when member.Modifiers.Any(SyntaxKind.UnsafeKeyword) => ("unsafe", "unsafe code"),
        MemberDeclarationSyntax member when member.Modifiers.Any(SyntaxKind.ExternKeyword) => ("extern", "native interop"),
        LocalFunctionStatementSyntax local when local.Modifiers.Any(SyntaxKind.UnsafeKeyword) => ("unsafe", "unsafe code"),
        LocalFunctionStatementSyntax local when local.Modifiers.Any(SyntaxKind.ExternKeyword) => ("extern", "native interop"),
        ExpressionSyntax expression when expression.IsKind(SyntaxKind.ArgListExpression) => ("__arglist", "runtime internals"),
        _ => null,
    };

    private bool IsOwn(ISymbol symbol) =>
        symbol.ContainingAssembly is { } assembly && ownAssemblies.Contains(assembly.Name);

    private void Report(string symbol, string path, SyntaxNode node, string reason)
    {
        var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        if (_seen.Add((symbol, line)))
        {
            _violations.Add(new ResultViolation(symbol, path, line, reason));
        }
    }
}
