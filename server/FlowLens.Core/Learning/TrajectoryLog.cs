using System.Text.Json;

namespace FlowLens.Core.Learning;

/// <summary>
/// Every run of a workspace, appended to <c>.flowlens/state/runs.jsonl</c>; <c>flowlens export trajectories</c>
/// copies it out. Runs of benchmark suites are never logged (their licences may forbid training use).
/// </summary>
public sealed class TrajectoryLog
{
    private readonly Lock _gate = new();
    private readonly string? _path;

    private TrajectoryLog(string? path)
    {
        _path = path;
    }

    public static TrajectoryLog None { get; } = new(null);

    public static TrajectoryLog Open(string stateDirectory) => new(Path.Combine(stateDirectory, "runs.jsonl"));

    public void Add(Trajectory trajectory)
    {
        if (_path is null)
        {
            return;
        }

        lock (_gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            File.AppendAllText(_path, JsonSerializer.Serialize(trajectory, CoreJsonContext.Compact.Trajectory) + "\n");
        }
    }

    /// <summary>Reads the log; a torn last line (a crash mid-append) is skipped.</summary>
    public static IReadOnlyList<Trajectory> Read(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, "runs.jsonl");
        if (!File.Exists(path))
        {
            return [];
        }

        var list = new List<Trajectory>();
        foreach (var line in File.ReadLines(path))
        {
            try
            {
                if (JsonSerializer.Deserialize(line, CoreJsonContext.Compact.Trajectory) is { } t)
                {
                    list.Add(t);
                }
            }
            catch (JsonException)
            {
                // skip the torn line
            }
        }

        return list;
    }

    public static string Serialize(Trajectory trajectory) => JsonSerializer.Serialize(trajectory, CoreJsonContext.Compact.Trajectory);
}
