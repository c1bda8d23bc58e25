using System.Security.Cryptography;
using System.Text;

namespace FlowLens.Core;

/// <summary>A SHA-256 of its parts (length-prefixed, so ("ab","c") and ("a","bc") differ), as lower-case hex.</summary>
public static class ContentHash
{
    public static string Of(params string?[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var builder = new StringBuilder();
        foreach (var part in parts)
        {
            var p = part ?? "\0null";
            builder.Append(p.Length).Append(':').Append(p).Append('|');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())))[..32];
    }
}
