namespace FlowLens.Cli.Bench;

/// <summary>What each mode was shown and ran against, as report.md and report.json state it.</summary>
internal static class ModeVisibility
{
    public const string Hidden =
        "The grading tests (MultiPL-E: the asserts of each task's `tests` field; task folders: the `*.tests.cs` file) are hidden: no mode sees them, "
        + "in a prompt, in a source file, in a test run or in a search reward. The visible target of a task is its source with the method stubbed "
        + "and the class closed right after it, and its visible tests are the examples in its comment (MultiPL-E: the `>>>` lines). After a "
        + "workflow finishes, its final code is graded once on the hidden tests in a sandbox job of its own; pass@1 and the test pass rate come "
        + "from that job only.";

    private static readonly Dictionary<string, string> Saw = new(StringComparer.Ordinal)
    {
        ["one-pass"] = "each test task's visible target; the meta-agent prompt holds the task, the signature, the library, fresh priors and no exemplars; run-tests, repair, vote and edge-tests run on the comment's examples only",
        [BenchRunner.LearnMode] = "as one-pass, but the priors and the replay buffer (exemplars) were first learned by running one-pass with attribution on the validation tasks' visible targets and examples",
        ["refine"] = "during the search, the validation tasks' visible targets and results on their examples (pass rates, failing examples, errors), prompted with the one-pass template; then each test task's visible target, running the chosen workflow",
        ["bayesflow"] = "during the search, the validation tasks' visible targets and results on their examples (look-ahead rewards), prompted with the one-pass template; then each test task's visible target, running the chosen workflow",
        ["prior-only"] = "each test task's visible target; composes from the library's priors without a model call",
        ["direct"] = "each test task's visible target; one draft, no test run during the workflow",
        ["self-consistency"] = "each test task's visible target; several drafts and a behavioural vote on the comment examples' inputs",
    };

    public static string Of(string mode) => Saw.GetValueOrDefault(mode, "each test task's visible target");
}
