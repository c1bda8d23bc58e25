using FlowLens.Core.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowLens.Core.Answers;

/// <summary>What an answer must implement, read from the task's signature with Roslyn.</summary>
public sealed record AnswerTarget(string MethodName, int ParameterCount, bool ReturnsValue, bool IsStatic)
{
    public static AnswerTarget Of(TaskSite site)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (SyntaxFactory.ParseMemberDeclaration(site.Signature + " { }") is MethodDeclarationSyntax method)
        {
            var isVoid = method.ReturnType is PredefinedTypeSyntax p && p.Keyword.IsKind(SyntaxKind.VoidKeyword);
            var isAsync = method.Modifiers.Any(SyntaxKind.AsyncKeyword);
            var plainTask = method.ReturnType is IdentifierNameSyntax { Identifier.ValueText: "Task" or "ValueTask" };
            return new AnswerTarget(site.MethodName, method.ParameterList.Parameters.Count, !isVoid && !(isAsync && plainTask), method.Modifiers.Any(SyntaxKind.StaticKeyword));
        }

        return new AnswerTarget(site.MethodName, -1, true, false);
    }
}
