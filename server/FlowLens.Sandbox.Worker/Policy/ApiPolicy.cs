using System.Collections.Concurrent;
using System.Text.Json;

namespace FlowLens.Sandbox.Worker.Policy;

/// <summary>
/// The deny-by-default API policy, as data: <c>policy.json</c> (embedded) plus an optional workspace override whose
/// rules replace or add to the built-in ones. A symbol is decided by its most specific rule.
/// </summary>
internal sealed class ApiPolicy
{
    private static readonly ConcurrentDictionary<string, ApiPolicy> Merged = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PolicyRule> _rules;

    private readonly HashSet<string> _typesWithAllowedMembers;

    private ApiPolicy(Dictionary<string, PolicyRule> rules)
    {
        _rules = rules;
        _typesWithAllowedMembers = rules.Values.Where(r => r.Allow && r.Symbol.Contains('.', StringComparison.Ordinal))
            .Select(r => r.Symbol[..r.Symbol.LastIndexOf('.')]).ToHashSet(StringComparer.Ordinal);
    }

    public static ApiPolicy BuiltIn { get; } = new(Load(ReadEmbedded()));

    public IReadOnlyCollection<PolicyRule> Rules => _rules.Values;

    /// <summary>The built-in policy with <paramref name="overrideJson"/> merged over it (cached by text).</summary>
    public static ApiPolicy WithOverride(string? overrideJson)
    {
        if (string.IsNullOrWhiteSpace(overrideJson))
        {
            return BuiltIn;
        }

        return Merged.GetOrAdd(overrideJson, json =>
        {
            var rules = new Dictionary<string, PolicyRule>(BuiltIn._rules, StringComparer.Ordinal);
            foreach (var (key, rule) in Load(json))
            {
                rules[key] = rule;
            }

            return new ApiPolicy(rules);
        });
    }

    /// <summary>
    /// Decides <paramref name="symbol"/> (<c>Namespace.Type.Member</c>, <c>Namespace.Type</c> or a namespace) by the most
    /// specific rule. In <paramref name="ilOnly"/> mode rules the compiler itself needs are skipped and an unmatched
    /// symbol is allowed: the IL scan is a second net for explicit denials, not a second allow list.
    /// </summary>
    public PolicyDecision Decide(string symbol, bool ilOnly = false)
    {
        return DecideMember(symbol, ilOnly);
    }

    /// <summary>
    /// Decides a type named on its own. A denied type some of whose members are allowed (Console, Type, Environment)
    /// may be named; each member used is decided on its own.
    /// </summary>
    public PolicyDecision DecideType(string type, bool ilOnly = false) =>
        _typesWithAllowedMembers.Contains(type) ? new PolicyDecision(true, "some members are allowed", null) : DecideMember(type, ilOnly);

    private PolicyDecision DecideMember(string symbol, bool ilOnly)
    {
        var key = symbol;
        while (true)
        {
            if (_rules.TryGetValue(key, out var rule) && (!ilOnly || rule.CheckIl || rule.Allow))
            {
                return new PolicyDecision(rule.Allow, rule.Reason, rule);
            }

            var dot = key.LastIndexOf('.');
            if (dot < 0)
            {
                return ilOnly
                    ? new PolicyDecision(true, "not named by the policy", null)
                    : new PolicyDecision(false, "not in the sandbox's allowed APIs", null);
            }

            key = key[..dot];
        }
    }

    private static string ReadEmbedded()
    {
        using var stream = typeof(ApiPolicy).Assembly.GetManifestResourceStream("FlowLens.Sandbox.Worker.policy.json")
            ?? throw new InvalidOperationException("the embedded sandbox policy is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static Dictionary<string, PolicyRule> Load(string json)
    {
        var document = JsonSerializer.Deserialize(json, PolicyJson.Default.PolicyDocument)
            ?? throw new JsonException("the sandbox policy is empty");
        var rules = new Dictionary<string, PolicyRule>(StringComparer.Ordinal);
        foreach (var entry in document.Deny ?? [])
        {
            var symbol = entry.Symbol ?? throw new JsonException("a deny rule has no symbol");
            rules[symbol] = new PolicyRule(symbol, false, entry.Reason ?? "denied by the workspace policy", entry.CheckIl ?? true);
        }

        foreach (var entry in document.Allow ?? [])
        {
            var symbol = entry.Symbol ?? throw new JsonException("an allow rule has no symbol");
            rules[symbol] = new PolicyRule(symbol, true, entry.Reason ?? "allowed by the workspace policy", entry.CheckIl ?? true);
        }

        return rules;
    }
}
