using FlowLens.Core.Learning;

namespace FlowLens.Core.Tests.Learning;

public sealed class ReplayBufferTests
{
    [Fact]
    public void Pairs_come_from_distinct_score_buckets_better_first()
    {
        var buffer = ReplayBuffer.InMemory();
        for (var i = 0; i < 9; i++)
        {
            buffer.Add(new ReplayEntry($"t{i}", TaskKind.Numeric, $"w{i}", [], i / 10.0, DateTimeOffset.UnixEpoch));
        }

        var random = new Random(7);
        for (var draw = 0; draw < 200; draw++)
        {
            var (better, worse) = buffer.DrawContrastivePair(TaskKind.Numeric, random)!.Value;
            Assert.True(better.Score > worse.Score);
            Assert.NotEqual(Bucket(better.Score), Bucket(worse.Score));
        }

        static int Bucket(double score) => (int)(score * 10) / 3;
    }

    [Fact]
    public void A_low_temperature_prefers_the_extreme_buckets()
    {
        var buffer = ReplayBuffer.InMemory();
        foreach (var score in new[] { 0.0, 0.1, 0.2, 0.45, 0.5, 0.55, 0.8, 0.9, 1.0 })
        {
            buffer.Add(new ReplayEntry("t", TaskKind.Parsing, "w", [], score, DateTimeOffset.UnixEpoch));
        }

        var random = new Random(3);
        var extremes = Enumerable.Range(0, 300).Count(_ => buffer.DrawContrastivePair(TaskKind.Parsing, random, temperature: 0.05) is { } p && p.Better.Score >= 0.8 && p.Worse.Score <= 0.2);
        Assert.True(extremes > 270, $"{extremes} of 300 draws paired the top and bottom buckets");
    }

    [Fact]
    public void Entries_persist_and_a_torn_line_loses_only_itself()
    {
        var dir = Directory.CreateTempSubdirectory("flowlens-replay");
        try
        {
            var buffer = ReplayBuffer.Open(dir.FullName);
            buffer.Add(new ReplayEntry("a", TaskKind.Algorithm, "draft", ["draft"], 0.5, DateTimeOffset.UnixEpoch));
            buffer.Add(new ReplayEntry("b", TaskKind.Algorithm, "draft -> vote", ["draft", "vote"], 0.7, DateTimeOffset.UnixEpoch));
            File.AppendAllText(Path.Combine(dir.FullName, "replay.jsonl"), "{\"taskId\":\"c\",\"ki");

            var reopened = ReplayBuffer.Open(dir.FullName);

            Assert.Equal(["a", "b"], reopened.Entries.Select(e => e.TaskId));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Priors_persist_atomically_and_survive_a_corrupt_file()
    {
        var dir = Directory.CreateTempSubdirectory("flowlens-priors");
        try
        {
            var repair = Doubles.Fixtures.Library["repair"];
            PriorStore.Open(dir.FullName).Observe(TaskKind.Parsing, [(repair, 0.4)]);
            Assert.Equal(1, PriorStore.Open(dir.FullName).Get(repair, TaskKind.Parsing).Count);
            Assert.Empty(Directory.GetFiles(dir.FullName, "*.tmp"));

            File.WriteAllText(Path.Combine(dir.FullName, "priors.json"), "{ not json");
            Assert.Equal(0, PriorStore.Open(dir.FullName).Get(repair, TaskKind.Parsing).Count);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
