using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace FlowLens.Sandbox.Worker.Compilation;

/// <summary>
/// Rewrites the trusted part of a program-style test so each <c>Debug.Assert(cond)</c> reports to
/// <see cref="Execution.AssertProbe"/>: <c>AssertProbe.Check(i, AssertProbe.Enter(i) &amp;&amp; (cond))</c>. That makes
/// every assert a test of its own, counts the ones that ran (zero is a failure, never a vacuous pass) and knows
/// which assert an exception interrupted.
/// <para>
/// Inside an assert, <c>a.Equals(b)</c> becomes <c>AssertProbe.Same(a, b)</c>: element-wise for collections (MultiPL-E's
/// tests compare <c>List&lt;T&gt;</c> and <c>Dictionary&lt;K,V&gt;</c> with <c>.Equals</c>, which is reference equality and
/// could never pass), <c>object.Equals</c> otherwise, which also makes <c>x.Equals(null)</c> on a null string true rather
/// than a NullReferenceException. The rewrite is textual and keeps every line where it was.
/// </para>
/// </summary>
internal static class ProgramAssertRewriter
{
    private const string Probe = "global::FlowLens.Sandbox.Worker.Execution.AssertProbe";

    /// <param name="wholeFileIsProgram">The file is a whole candidate program: its own asserts are the tests. Otherwise
    /// asserts inside the policed span (the candidate's body) are left alone, so a candidate cannot add tests.</param>
    public static IReadOnlyList<SourceEdit> Rewrite(SyntaxTree tree, TextSpan policed, bool wholeFileIsProgram, List<AssertSite> sites)
    {
        var edits = new List<SourceEdit>();
        foreach (var invocation in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (!IsAssert(invocation) || (!wholeFileIsProgram && policed.IntersectsWith(invocation.Span)) || invocation.ArgumentList.Arguments.Count == 0
                || invocation.Ancestors().OfType<InvocationExpressionSyntax>().Any(IsAssert))
            {
                continue;
            }

            var index = sites.Count;
            var line = tree.GetLineSpan(invocation.Span).StartLinePosition.Line + 1;
            var name = $"assert line {line}";
            var repeat = sites.Count(s => s.Line == line);
            sites.Add(new AssertSite(index, repeat == 0 ? name : $"{name} #{repeat + 1}", line));
            var condition = RewriteEquals(invocation.ArgumentList.Arguments[0].Expression);
            edits.Add(new SourceEdit(invocation.SpanStart, invocation.Span.Length, $"{Probe}.Check({index}, {Probe}.Enter({index}) && ({condition}))"));
        }

        return edits;
    }

    private static bool IsAssert(InvocationExpressionSyntax invocation) =>
        invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Assert" } access
        && access.Expression.ToString() is "Debug" or "System.Diagnostics.Debug" or "global::System.Diagnostics.Debug" or "Trace";

    private static string RewriteEquals(ExpressionSyntax condition)
    {
        var equalsCalls = condition.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>()
            .Where(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Equals" } && i.ArgumentList.Arguments.Count == 1)
            .ToList();
        if (equalsCalls.Count == 0)
        {
            return condition.ToString();
        }

        var rewritten = condition.ReplaceNodes(equalsCalls, (original, current) =>
        {
            var access = (MemberAccessExpressionSyntax)current.Expression;
            return SyntaxFactory.ParseExpression($"{Probe}.Same({access.Expression}, {current.ArgumentList.Arguments[0]})")
                .WithTriviaFrom(current);
        });
        return rewritten.ToString();
    }

    /// <summary>Where each edit's text lies after all edits are applied.</summary>
    public static IEnumerable<(SourceEdit Edit, TextSpan Span)> NewSpans(IEnumerable<SourceEdit> edits)
    {
        var delta = 0;
        foreach (var edit in edits.OrderBy(e => e.Start))
        {
            yield return (edit, new TextSpan(edit.Start + delta, edit.Text.Length));
            delta += edit.Text.Length - edit.Length;
        }
    }

    /// <summary>Applies non-overlapping edits; returns the new text and where <paramref name="span"/> moved to.</summary>
    public static (string Text, TextSpan Span) Apply(string text, IEnumerable<SourceEdit> edits, TextSpan span)
    {
        var builder = new StringBuilder(text.Length + 256);
        var position = 0;
        var start = span.Start;
        var end = span.End;
        foreach (var edit in edits.OrderBy(e => e.Start))
        {
            builder.Append(text, position, edit.Start - position).Append(edit.Text);
            position = edit.Start + edit.Length;
            var delta = edit.Text.Length - edit.Length;
            if (edit.Start + edit.Length <= span.Start && !(edit.Length == 0 && edit.Start == span.Start && span.Length > 0))
            {
                start += delta;
                end += delta;
            }
            else if (edit.Start >= span.End && !(edit.Length == 0 && edit.Start == span.End))
            {
                // After the span: nothing moves.
            }
            else
            {
                end += delta;
            }
        }

        builder.Append(text, position, text.Length - position);
        return (builder.ToString(), TextSpan.FromBounds(start, end));
    }
}
