namespace FlowLens.Core.Evaluation;

/// <summary>
/// One candidate as the editor would apply it: the new body of the target method (braces included), members to add
/// to the enclosing type (helper methods, fields, nested types; each as its own declaration text) and using
/// directives to add to the file (<c>using System.Text;</c>). <paramref name="Unreadable"/> says, in words, why the
/// model's answer gave no usable code (cut by the token limit, empty, no code for the target); such a candidate
/// fails without being compiled.
/// </summary>
public sealed record CandidateEdit(string Body, IReadOnlyList<string> Members, IReadOnlyList<string> Usings, string? Unreadable = null)
{
    /// <summary>A candidate that only replaces the body.</summary>
    public static CandidateEdit OfBody(string body) => new(body, [], []);

    /// <summary>A candidate that failed before any code could be read from the answer.</summary>
    public static CandidateEdit Failed(string reason) => new("{\n}", [], [], reason);

    /// <summary>True when the candidate adds something besides the body.</summary>
    public bool HasAdditions => Members.Count > 0 || Usings.Count > 0;

    /// <summary>A stable text for memo keys and de-duplication: everything that changes what is compiled.</summary>
    public string Key => string.Join("\n\u0001", [Unreadable ?? string.Empty, Body, .. Members, "\u0002", .. Usings]);

    /// <summary>The candidate as a person reads it: the usings, the body, then each added member.</summary>
    public string Display()
    {
        if (Unreadable is not null)
        {
            return "// unreadable answer: " + Unreadable;
        }

        var parts = new List<string>();
        if (Usings.Count > 0)
        {
            parts.Add(string.Join("\n", Usings));
        }

        parts.Add(Body);
        parts.AddRange(Members);
        return string.Join("\n\n", parts);
    }

    public bool Equals(CandidateEdit? other) => other is not null && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);
}
