using FlowLens.Core.Workflows;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowLens.Core.Learning;

/// <summary>Computes <see cref="RewardBreakdown"/>; reported beside the pass rate, which stays the attribution score.</summary>
public static class MultiPurposeReward
{
    public static RewardBreakdown Compute(double passRate, string? finalBody, IReadOnlyList<string> candidates, ExecutionStats stats, RewardWeights weights)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(weights);
        var complexity = Math.Min(1, CyclomaticComplexity(finalBody) / 20.0);
        var cost = Math.Min(1, (stats.Steps / 12.0 + stats.ModelCalls / 16.0 + stats.Tokens / 50_000.0) / 3);
        var diversity = candidates.Count == 0 ? 0 : (double)candidates.Distinct(StringComparer.Ordinal).Count() / candidates.Count;
        var total = (weights.PassRate * passRate) - (weights.Complexity * complexity) - (weights.Cost * cost) + (weights.Diversity * diversity);
        return new RewardBreakdown(passRate, Math.Round(complexity, 4), Math.Round(cost, 4), Math.Round(diversity, 4), Math.Round(total, 4));
    }

    /// <summary>1 + the number of branch points (if, loops, case labels, catch, ?:, ??, &amp;&amp;, ||) in the body.</summary>
    public static int CyclomaticComplexity(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return 0;
        }

        var root = SyntaxFactory.ParseStatement(body);
        return 1 + root.DescendantNodesAndSelf().Count(n => n is IfStatementSyntax or ForStatementSyntax or ForEachStatementSyntax
            or WhileStatementSyntax or DoStatementSyntax or CaseSwitchLabelSyntax or CasePatternSwitchLabelSyntax
            or SwitchExpressionArmSyntax or CatchClauseSyntax or ConditionalExpressionSyntax
            || n.IsKind(SyntaxKind.CoalesceExpression) || n.IsKind(SyntaxKind.LogicalAndExpression) || n.IsKind(SyntaxKind.LogicalOrExpression));
    }
}
