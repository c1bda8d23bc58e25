using System.Text.Json;
using System.Text.Json.Nodes;
using FlowLens.Core.Composition;

namespace FlowLens.Cli.Bench;

/// <summary>
/// <c>results.jsonl</c>: one line per finished (mode, task) and per finished search, appended and flushed at once,
/// so a crash or Ctrl-C loses no finished work; a rerun reads it back and skips what is there. A torn last line
/// (the process died mid-write) is ignored. Every line carries the <see cref="RunSettings"/> it was written with.
/// </summary>
internal sealed class ResultsLog
{
    private readonly string _path;
    private readonly Lock _gate = new();

    public ResultsLog(string path)
    {
        _path = path;
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                Read(line);
            }
        }
    }

    public Dictionary<(string Mode, string Task), TaskResult> Tasks { get; } = [];

    public Dictionary<string, SearchRecord> Searches { get; } = new(StringComparer.Ordinal);

    /// <summary>The distinct settings the existing lines were written with (null: a line that carries none).</summary>
    public HashSet<RunSettings?> WrittenWith { get; } = new(RunSettingsComparer.Instance);

    /// <summary>Why these results cannot be extended with <paramref name="settings"/>, or null when they can.</summary>
    public string? Conflict(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var differences = WrittenWith.SelectMany(w => w is null ? ["settings: (not recorded) -> recorded"] : w.DifferencesTo(settings)).Distinct(StringComparer.Ordinal).ToList();
        return differences.Count == 0
            ? null
            : $"'{_path}' holds results written with other settings ({string.Join("; ", differences)}); they cannot be mixed with this run's. Use another --out, or --fresh to discard them and start afresh.";
    }

    public void Append(TaskResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var json = new JsonObject
        {
            ["kind"] = "task",
            ["mode"] = result.Mode,
            ["task"] = result.Task,
            ["passed"] = result.Passed,
            ["passRate"] = result.PassRate,
            ["ms"] = Math.Round(result.Milliseconds, 1),
            ["metaAgentTokens"] = result.MetaAgentTokens,
            ["workerTokens"] = result.WorkerTokens,
            ["modelCalls"] = result.ModelCalls,
            ["sandboxRuns"] = result.SandboxRuns,
            ["cpuSeconds"] = Math.Round(result.CpuSeconds, 3),
            ["workflow"] = result.Workflow,
            ["error"] = result.Error,
            ["composer"] = result.Composer,
            ["fallbackReason"] = result.FallbackReason,
            ["selection"] = result.Selection,
            ["visiblePassRate"] = result.VisiblePassRate,
            ["gradingRuns"] = result.GradingRuns,
            ["metaAgentOutputTokens"] = result.MetaAgentOutputTokens,
            ["attributionMethod"] = result.AttributionMethod,
            ["attribution"] = new JsonArray([.. result.Attribution.Select(a => (JsonNode?)a)]),
            ["codeHash"] = result.CodeHash,
            ["settings"] = result.Settings?.ToJson(),
        };
        Write(json);
        lock (_gate)
        {
            Tasks[(result.Mode, result.Task)] = result;
        }
    }

    public void Append(SearchRecord search)
    {
        ArgumentNullException.ThrowIfNull(search);
        var json = new JsonObject
        {
            ["kind"] = "search",
            ["mode"] = search.Mode,
            ["workflow"] = search.Workflow,
            ["selection"] = new JsonArray([.. search.Selection.Select(s => (JsonNode)new JsonObject
            {
                ["id"] = s.Id,
                ["w"] = s.Weight,
                ["parameters"] = new JsonObject(s.Parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
            })]),
            ["validationReward"] = search.ValidationReward,
            ["metaAgentCalls"] = search.MetaAgentCalls,
            ["metaAgentTokens"] = search.MetaAgentTokens,
            ["workerCalls"] = search.WorkerCalls,
            ["workerTokens"] = search.WorkerTokens,
            ["sandboxRuns"] = search.SandboxRuns,
            ["workflowsScored"] = search.WorkflowsScored,
            ["ms"] = Math.Round(search.Milliseconds, 1),
            ["cpuSeconds"] = Math.Round(search.CpuSeconds, 3),
            ["settings"] = search.Settings?.ToJson(),
        };
        Write(json);
        lock (_gate)
        {
            Searches[search.Mode] = search;
        }
    }

    private void Write(JsonObject json)
    {
        lock (_gate)
        {
            using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
            using var writer = new StreamWriter(stream);
            writer.Write(json.ToJsonString() + "\n");
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
    }

    private void Read(string line)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line);
        }
        catch (JsonException)
        {
            return; // a torn line from an interrupted write: that task simply runs again
        }

        if (node is not JsonObject o)
        {
            return;
        }

        var mode = (string?)o["mode"] ?? string.Empty;
        var settings = RunSettings.FromJson(o["settings"]);
        WrittenWith.Add(settings);
        switch ((string?)o["kind"])
        {
            case "task":
                var task = (string?)o["task"] ?? string.Empty;
                Tasks[(mode, task)] = new TaskResult(
                    mode,
                    task,
                    (bool?)o["passed"] ?? false,
                    (double?)o["passRate"] ?? 0,
                    (double?)o["ms"] ?? 0,
                    (long?)o["metaAgentTokens"] ?? 0,
                    (long?)o["workerTokens"] ?? 0,
                    (int?)o["modelCalls"] ?? 0,
                    (int?)o["sandboxRuns"] ?? 0,
                    (double?)o["cpuSeconds"] ?? 0,
                    (string?)o["workflow"] ?? string.Empty,
                    (string?)o["error"])
                {
                    Settings = settings,
                    Composer = (string?)o["composer"] ?? string.Empty,
                    FallbackReason = (string?)o["fallbackReason"],
                    Selection = (string?)o["selection"] ?? string.Empty,
                    VisiblePassRate = (double?)o["visiblePassRate"] ?? 0,
                    GradingRuns = (int?)o["gradingRuns"] ?? 0,
                    MetaAgentOutputTokens = (long?)o["metaAgentOutputTokens"] ?? 0,
                    AttributionMethod = (string?)o["attributionMethod"] ?? string.Empty,
                    Attribution = (o["attribution"] as JsonArray ?? []).Select(a => (string?)a ?? string.Empty).ToList(),
                    CodeHash = (string?)o["codeHash"],
                };
                break;
            case "search":
                var selection = (o["selection"] as JsonArray ?? []).OfType<JsonObject>().Select(s => new SelectedCapability(
                    (string?)s["id"] ?? string.Empty,
                    (double?)s["w"] ?? 1,
                    (s["parameters"] as JsonObject ?? []).ToDictionary(p => p.Key, p => (double?)p.Value ?? 0))).ToList();
                Searches[mode] = new SearchRecord(
                    mode,
                    selection,
                    (string?)o["workflow"] ?? string.Empty,
                    (double?)o["validationReward"] ?? 0,
                    (int?)o["metaAgentCalls"] ?? 0,
                    (long?)o["metaAgentTokens"] ?? 0,
                    (int?)o["workerCalls"] ?? 0,
                    (long?)o["workerTokens"] ?? 0,
                    (int?)o["sandboxRuns"] ?? 0,
                    (int?)o["workflowsScored"] ?? 0,
                    (double?)o["ms"] ?? 0,
                    (double?)o["cpuSeconds"] ?? 0)
                {
                    Settings = settings,
                };
                break;
            default:
                break;
        }
    }
}
