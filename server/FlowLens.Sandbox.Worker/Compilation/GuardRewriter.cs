using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace FlowLens.Sandbox.Worker.Compilation;

/// <summary>
/// Puts <see cref="Execution.RunGuard"/>'s checks into the policed span (the candidate's code; the user's own files
/// are never rewritten): <c>RunGuard.Loop()</c> at the start of every <c>for</c>, <c>foreach</c>, <c>while</c> and
/// <c>do</c> body, <c>RunGuard.Enter()</c> at the entry of every method, constructor, operator, accessor, local function,
/// lambda and anonymous method, and <c>when (RunGuard.MayCatch())</c> on every catch clause. Like
/// <see cref="ProgramAssertRewriter"/> the rewrite is textual and only inserts on the lines it touches, so no line moves.
/// <para>
/// Expression bodies become blocks: <c>=&gt; e;</c> turns into <c>{ Enter(); return e; }</c>, or <c>{ Enter(); e; }</c>
/// where nothing is returned (void, an async method returning <c>Task</c>, a throw). Members say which from their
/// declared symbol; an expression lambda from the delegate it was converted to, which the semantic model knows (the
/// policy check has bound the span already, so asking costs little). A lambda converted to an expression tree, or
/// inside one, or inside a query (whose lambdas may be expression trees), is left alone: a block body cannot be
/// converted to an expression tree.
/// </para>
/// <para>
/// Not covered, so still stopped only by the worker's deadline or the parent (see <c>TimedRun</c>): loops made with
/// <c>goto</c>; recursion that never reaches a body, through constructor initializers or instance field initializers;
/// and a <c>finally</c> block that re-enters the recursion at every level (each level's handler runs on top of the
/// previous exception's dispatch, so unwinding cannot catch up with it).
/// </para>
/// </summary>
internal static class GuardRewriter
{
    private const string Guard = "global::FlowLens.Sandbox.Worker.Execution.RunGuard";
    private const string LoopCheck = " " + Guard + ".Loop();";
    private const string EntryCheck = " " + Guard + ".Enter();";
    private const string CatchFilter = Guard + ".MayCatch()";

    /// <param name="model">The semantic model of the tree to rewrite, on which the policy check already ran.</param>
    /// <param name="policed">The candidate's code: the only part rewritten.</param>
    /// <param name="generated">Text the sandbox inserted (rewritten asserts, checks): nothing is inserted inside it.</param>
    /// <returns>Non-overlapping edits in source order, or none when the tree has syntax errors (it will not compile anyway).</returns>
    public static List<SourceEdit> Rewrite(SemanticModel model, TextSpan policed, IReadOnlyList<TextSpan> generated)
    {
        var edits = new List<SourceEdit>();
        var root = model.SyntaxTree.GetRoot();
        if (policed.IsEmpty || (root.ContainsDiagnostics && root.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)))
        {
            return edits;
        }

        var expressionTrees = new List<TextSpan>();
        foreach (var node in root.DescendantNodes(n => n.FullSpan.IntersectsWith(policed)))
        {
            if (!policed.Contains(node.Span) || expressionTrees.Any(t => t.Contains(node.Span)))
            {
                continue;
            }

            var found = new List<SourceEdit>();
            switch (node)
            {
                case ForStatementSyntax loop:
                    LoopBody(loop.Statement, found);
                    break;
                case CommonForEachStatementSyntax loop:
                    LoopBody(loop.Statement, found);
                    break;
                case WhileStatementSyntax loop:
                    LoopBody(loop.Statement, found);
                    break;
                case DoStatementSyntax loop:
                    LoopBody(loop.Statement, found);
                    break;
                case BlockSyntax block when IsBody(block):
                    // Keyed on the body, not the declaration: a candidate's policed span is often the body alone.
                    found.Add(Insert(block.OpenBraceToken.Span.End, EntryCheck));
                    break;
                case ArrowExpressionClauseSyntax arrow:
                    ExpressionBody(model, policed, arrow, found);
                    break;
                case AnonymousFunctionExpressionSyntax { ExpressionBody: { } expression } function:
                    if (!Function(model, function, expression, found))
                    {
                        expressionTrees.Add(function.Span);
                    }

                    break;
                case CatchClauseSyntax clause:
                    Catch(clause, found);
                    break;
            }

            if (found.All(e => Outside(generated, e)))
            {
                edits.AddRange(found);
            }
        }

        return edits.OrderBy(e => e.Start).ToList();
    }

    /// <summary>
    /// Where a position in the rewritten text was before <paramref name="edits"/> were applied; a position inside
    /// inserted text maps to where it was inserted. Diagnostics point at the candidate's own text, not at the guard.
    /// </summary>
    public static int Original(IReadOnlyList<SourceEdit> edits, int position)
    {
        var delta = 0;
        foreach (var (edit, span) in ProgramAssertRewriter.NewSpans(edits))
        {
            if (position < span.Start)
            {
                break;
            }

            if (position < span.End)
            {
                return edit.Start;
            }

            delta += edit.Text.Length - edit.Length;
        }

        return position - delta;
    }

    private static void LoopBody(StatementSyntax body, List<SourceEdit> found)
    {
        if (body is BlockSyntax block)
        {
            found.Add(Insert(block.OpenBraceToken.Span.End, LoopCheck));
            return;
        }

        // An embedded statement is always valid inside a block, and a block is always a valid loop body.
        found.Add(Insert(body.SpanStart, "{" + LoopCheck + " "));
        found.Add(Insert(body.Span.End, " }"));
    }

    private static bool IsBody(BlockSyntax block) => block.Parent switch
    {
        BaseMethodDeclarationSyntax method => method.Body == block,
        LocalFunctionStatementSyntax local => local.Body == block,
        AccessorDeclarationSyntax accessor => accessor.Body == block,
        AnonymousFunctionExpressionSyntax function => function.Block == block,
        _ => false,
    };

    private static void ExpressionBody(SemanticModel model, TextSpan policed, ArrowExpressionClauseSyntax arrow, List<SourceEdit> found)
    {
        var semicolon = arrow.Parent switch
        {
            BaseMethodDeclarationSyntax method => method.SemicolonToken,
            LocalFunctionStatementSyntax local => local.SemicolonToken,
            AccessorDeclarationSyntax accessor => accessor.SemicolonToken,
            PropertyDeclarationSyntax property => property.SemicolonToken,
            IndexerDeclarationSyntax indexer => indexer.SemicolonToken,
            _ => default,
        };
        if (semicolon.IsMissing || semicolon.Span.IsEmpty || !policed.Contains(semicolon.Span))
        {
            return;
        }

        string prefix;
        string suffix;
        var throws = arrow.Expression is ThrowExpressionSyntax;
        if (arrow.Parent is PropertyDeclarationSyntax or IndexerDeclarationSyntax)
        {
            // A property or indexer:  => e;  becomes  { get { Enter(); return e; } }
            prefix = "{ get {" + EntryCheck + (throws ? " " : " return ");
            suffix = " } }";
        }
        else if (model.GetDeclaredSymbol(arrow.Parent!) is IMethodSymbol symbol)
        {
            // => e;  becomes  { Enter(); return e; }  or  { Enter(); e; }: the arrow is replaced, the semicolon stays.
            prefix = "{" + EntryCheck + (Returns(symbol) && !throws ? " return " : " ");
            suffix = " }";
        }
        else
        {
            return;
        }

        found.Add(new SourceEdit(arrow.ArrowToken.SpanStart, arrow.ArrowToken.Span.Length, prefix));
        found.Add(Insert(semicolon.Span.End, suffix));
    }

    /// <returns>False when the function may be converted to an expression tree: nothing inside it is rewritten.</returns>
    private static bool Function(SemanticModel model, AnonymousFunctionExpressionSyntax function, ExpressionSyntax expression, List<SourceEdit> found)
    {
        var converted = model.GetTypeInfo(function).ConvertedType;
        if (converted is null or { TypeKind: TypeKind.Error })
        {
            // Not bound: the candidate will not compile anyway.
            return true;
        }

        if (converted.ContainingNamespace?.ToDisplayString() == "System.Linq.Expressions" || function.Ancestors().Any(a => a is QueryExpressionSyntax))
        {
            return false;
        }

        if (model.GetSymbolInfo(function).Symbol is not IMethodSymbol symbol)
        {
            return true;
        }

        // x => e  becomes  x => { Enter(); return e; }  or  x => { Enter(); e; }, as the delegate it was converted to says.
        var prefix = "{" + EntryCheck + (Returns(symbol) && expression is not ThrowExpressionSyntax ? " return " : " ");
        found.Add(Insert(expression.SpanStart, prefix));
        found.Add(Insert(expression.Span.End, "; }"));
        return true;
    }

    private static void Catch(CatchClauseSyntax clause, List<SourceEdit> found)
    {
        if (clause.Filter is { } filter)
        {
            found.Add(Insert(filter.FilterExpression.SpanStart, CatchFilter + " && ("));
            found.Add(Insert(filter.FilterExpression.Span.End, ")"));
            return;
        }

        var after = clause.Declaration?.Span.End ?? clause.CatchKeyword.Span.End;
        found.Add(Insert(after, " when (" + CatchFilter + ")"));
    }

    /// <summary>Whether a body of this method returns a value: not void, nor an async method returning <c>Task</c> or <c>ValueTask</c>.</summary>
    private static bool Returns(IMethodSymbol symbol) =>
        !symbol.ReturnsVoid && !(symbol.IsAsync && symbol.ReturnType is INamedTypeSymbol { Arity: 0 });

    private static SourceEdit Insert(int position, string text) => new(position, 0, text);

    /// <summary>An edit touching inserted text only at its edges leaves that text whole.</summary>
    private static bool Outside(IReadOnlyList<TextSpan> generated, SourceEdit edit) =>
        generated.All(g => edit.Start + edit.Length <= g.Start || edit.Start >= g.End);
}
