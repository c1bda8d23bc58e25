using System.Text;
using Microsoft.CodeAnalysis;

namespace FlowLens.Sandbox.Worker.Policy;

/// <summary>Names a symbol the way policy rules do: <c>Namespace.Type.Member</c>, generics and overloads erased.</summary>
internal static class SymbolKeys
{
    public static string? Of(ISymbol symbol)
    {
        switch (symbol)
        {
            case IMethodSymbol method:
                method = (method.ReducedFrom ?? method).OriginalDefinition;
                if (method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction || method.ContainingType is null)
                {
                    return null;
                }

                var name = method.AssociatedSymbol is { } associated && method.MethodKind is MethodKind.PropertyGet or MethodKind.PropertySet
                    or MethodKind.EventAdd or MethodKind.EventRemove ? associated.Name : method.Name;
                return OfType(method.ContainingType) + "." + name;
            case IPropertySymbol or IFieldSymbol or IEventSymbol:
                return symbol.ContainingType is null || symbol.ContainingType.IsAnonymousType || symbol.ContainingType.IsTupleType
                    ? null
                    : OfType(symbol.ContainingType) + "." + symbol.Name;
            case IArrayTypeSymbol array:
                return Of(array.ElementType);
            case INamedTypeSymbol type:
                return type.IsAnonymousType || type.IsTupleType ? null : OfType(type);
            default:
                return null;
        }
    }

    public static string OfType(INamedTypeSymbol type)
    {
        type = type.OriginalDefinition;
        var builder = new StringBuilder();
        Append(builder, type);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, INamedTypeSymbol type)
    {
        if (type.ContainingType is { } outer)
        {
            Append(builder, outer);
        }
        else if (type.ContainingNamespace is { IsGlobalNamespace: false } ns)
        {
            builder.Append(ns.ToDisplayString());
        }

        if (builder.Length > 0)
        {
            builder.Append('.');
        }

        builder.Append(type.Name);
    }
}
