using FlowLens.Core.Evaluation;
using FlowLens.Core.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FlowLens.Core.Answers;

/// <summary>
/// The one reader of model answers: every capability that writes code turns the model's reply into a candidate
/// here. Reasoning blocks are dropped; of several code blocks the one that declares the target method wins (the
/// last such, since models put their corrected version last), then a block that can be its body; usage examples,
/// test classes and quoted lines are ignored. Without fences, the code is looked for among the prose. An answer cut
/// by the token limit, unfinished, or empty becomes a candidate that fails with the reason in words.
/// </summary>
public static class ModelAnswerReader
{
    /// <summary>The most characters of answer read; longer answers are cut here (and so read as unfinished).</summary>
    public const int MaxLength = 64_000;

    private const int MaxProseStarts = 40;

    public static CandidateEdit Read(ModelAnswer answer, TaskSite site)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(site);
        var target = AnswerTarget.Of(site);
        var raw = answer.Text ?? string.Empty;
        if (raw.Trim().Length == 0)
        {
            return CandidateEdit.Failed(answer.WasCut ? answer.CutReason : "the model returned nothing");
        }

        var (visible, insideReasoning) = ReasoningText.Strip(raw.Length > MaxLength ? raw[..MaxLength] : raw);
        visible = visible.ReplaceLineEndings("\n");
        if (visible.Trim().Length == 0)
        {
            return CandidateEdit.Failed(
                answer.WasCut ? answer.CutReason + " (it was still reasoning)"
                : insideReasoning ? "the answer ended inside its reasoning block, with no code after it"
                : "the model returned only reasoning and no code");
        }

        var blocks = CodeBlockScanner.Scan(visible);
        var csharp = blocks.Where(b => b.IsCSharp).ToList();
        var readings = (csharp.Count > 0 ? csharp : blocks)
            .Select(b => (Block: b, Reading: CSharpCodeReader.Read(b.Text, target)))
            .ToList();
        if (blocks.Count == 0)
        {
            readings = FromProse(visible, target).Select(r => (new CodeBlock(string.Empty, string.Empty, Terminated: true), r)).ToList();
        }

        var chosen = readings.LastOrDefault(r => r.Reading.Kind == CodeReadingKind.DeclaresTarget && r.Block.Terminated);
        if (chosen.Reading is null && !answer.WasCut)
        {
            // An unclosed last fence is common when a stop sequence eats it; its code stands if it parses.
            chosen = readings.LastOrDefault(r => r.Reading.Kind == CodeReadingKind.DeclaresTarget);
        }

        if (chosen.Reading is null)
        {
            chosen = readings.FirstOrDefault(r => r.Reading.Kind == CodeReadingKind.BareBody && (r.Block.Terminated || !answer.WasCut));
        }

        if (chosen.Reading?.Candidate is { } candidate)
        {
            return WithProseUsings(candidate, visible, blocks);
        }

        if (answer.WasCut)
        {
            return CandidateEdit.Failed(answer.CutReason);
        }

        if (readings.Any(r => r.Reading.Kind == CodeReadingKind.Incomplete) || blocks.Any(b => !b.Terminated))
        {
            return CandidateEdit.Failed($"the answer stops before its code for {site.MethodName} is complete (an unterminated fence or brace)");
        }

        return CandidateEdit.Failed($"the answer has no C# code for {site.MethodName}: no method declaration with that name and no statements that could be its body");
    }

    /// <summary>
    /// Code written among prose, without fences: spans from a line that starts like code (a keyword, an attribute,
    /// a brace, a doc comment) to a line that ends like code, longest first, read by Roslyn.
    /// </summary>
    private static IEnumerable<CodeReading> FromProse(string text, AnswerTarget target)
    {
        var lines = text.Split('\n');
        var starts = Enumerable.Range(0, lines.Length).Where(i => StartsLikeCode(lines[i])).Take(MaxProseStarts).ToList();
        var ends = Enumerable.Range(0, lines.Length).Where(i => lines[i].TrimEnd().EndsWith('}') || lines[i].TrimEnd().EndsWith(';')).Reverse().ToList();
        CodeReading? body = null;
        var incomplete = false;
        foreach (var start in starts)
        {
            foreach (var end in ends.Where(e => e >= start))
            {
                var reading = CSharpCodeReader.Read(string.Join("\n", lines[start..(end + 1)]), target);
                if (reading.Kind == CodeReadingKind.DeclaresTarget)
                {
                    yield return reading;
                    yield break;
                }

                if (reading.Kind == CodeReadingKind.BareBody)
                {
                    body ??= reading;
                    break;
                }
            }

            incomplete |= CSharpCodeReader.Read(string.Join("\n", lines[start..]), target).Kind == CodeReadingKind.Incomplete;
        }

        if (body is not null)
        {
            yield return body;
        }
        else if (incomplete)
        {
            yield return CodeReading.Incomplete;
        }
    }

    /// <summary>
    /// Usings the prose asks for ("add `using System.Text;` at the top"), when the code itself has none of them:
    /// inline code spans outside fences that Roslyn reads as exactly one using directive.
    /// </summary>
    private static CandidateEdit WithProseUsings(CandidateEdit candidate, string visible, IReadOnlyList<CodeBlock> blocks)
    {
        var prose = blocks.Aggregate(visible, (text, block) => block.Text.Length == 0 ? text : text.Replace(block.Text, string.Empty, StringComparison.Ordinal));
        var asked = prose.Split('`')
            .Where((_, i) => i % 2 == 1)
            .Select(span => SyntaxFactory.ParseCompilationUnit(span.Trim()))
            .Where(unit => unit.Usings.Count == 1 && unit.Members.Count == 0 && !unit.ContainsDiagnostics)
            .Select(unit => unit.Usings[0].WithoutTrivia().NormalizeWhitespace().ToFullString())
            .Where(u => !candidate.Usings.Contains(u, StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return asked.Count == 0 ? candidate : candidate with { Usings = [.. candidate.Usings, .. asked] };
    }

    private static bool StartsLikeCode(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0)
        {
            return false;
        }

        if (trimmed.StartsWith("///", StringComparison.Ordinal) || trimmed[0] is '[' or '{')
        {
            return true;
        }

        var token = SyntaxFactory.ParseToken(trimmed);
        return SyntaxFacts.IsKeywordKind(token.Kind())
            || (token.IsKind(SyntaxKind.IdentifierToken) && SyntaxFacts.GetContextualKeywordKind(token.ValueText) != SyntaxKind.None);
    }
}
