using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox.Worker.Policy;

/// <summary>
/// Defence in depth: reads the member and type references of the emitted assembly and reports any the policy
/// explicitly denies that the source check did not account for (a construct the compiler lowered into a call).
/// A fraction of a millisecond per assembly.
/// </summary>
internal static class IlScanner
{
    /// <param name="explained">Symbols already reported from source.</param>
    /// <param name="trustedIdentifiers">Identifiers of trusted code; a reference whose last name is among them is the user's.</param>
    public static IEnumerable<ResultViolation> Scan(byte[] image, string assemblyName, ApiPolicy policy, IReadOnlySet<string> explained, IReadOnlySet<string> trustedIdentifiers)
    {
        using var pe = new PEReader(new MemoryStream(image, writable: false));
        var reader = pe.GetMetadataReader();
        var found = new HashSet<string>(StringComparer.Ordinal);
        var types = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            if (TypeName(reader, member.Parent) is { } type)
            {
                found.Add(type + "." + Normalise(reader.GetString(member.Name)));
            }
        }

        foreach (var handle in reader.TypeReferences)
        {
            if (TypeName(reader, handle) is { } type)
            {
                found.Add(type);
                types.Add(type);
            }
        }

        foreach (var key in found.Order(StringComparer.Ordinal))
        {
            var last = key[(key.LastIndexOf('.') + 1)..];
            if (explained.Contains(key) || trustedIdentifiers.Contains(last)
                || (last == "ctor" && trustedIdentifiers.Contains(key[..^6][(key[..^6].LastIndexOf('.') + 1)..])))
            {
                continue;
            }

            var decision = types.Contains(key) ? policy.DecideType(key, ilOnly: true) : policy.Decide(key, ilOnly: true);
            if (!decision.Allowed)
            {
                yield return new ResultViolation(key, assemblyName, 0, "in the compiled IL: " + decision.Reason);
            }
        }
    }

    private static string Normalise(string name)
    {
        foreach (var prefix in (ReadOnlySpan<string>)["get_", "set_", "add_", "remove_"])
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return name[prefix.Length..];
            }
        }

        return name;
    }

    private static string? TypeName(MetadataReader reader, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeReference:
                var reference = reader.GetTypeReference((TypeReferenceHandle)handle);
                var name = reader.GetString(reference.Name);
                var tick = name.IndexOf('`', StringComparison.Ordinal);
                name = tick >= 0 ? name[..tick] : name;
                if (reference.ResolutionScope.Kind == HandleKind.TypeReference)
                {
                    return TypeName(reader, reference.ResolutionScope) + "." + name;
                }

                var ns = reader.GetString(reference.Namespace);
                return ns.Length == 0 ? name : ns + "." + name;
            case HandleKind.TypeSpecification:
                var blob = reader.GetBlobReader(reader.GetTypeSpecification((TypeSpecificationHandle)handle).Signature);
                if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
                {
                    return null;
                }

                blob.ReadSignatureTypeCode();
                return TypeName(reader, blob.ReadTypeHandle());
            default:
                return null;
        }
    }
}
