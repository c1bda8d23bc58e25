namespace FlowLens.Core.Search;

/// <summary>Deterministic per-call seeds (unlike <see cref="HashCode"/>, the same in every process).</summary>
public static class SeedMix
{
    public static int Of(int seed, int a, int b = 0, int c = 0)
    {
        unchecked
        {
            var h = (uint)seed * 2654435761u;
            h = (h ^ (uint)a) * 2246822519u;
            h = (h ^ (uint)b) * 3266489917u;
            h = (h ^ (uint)c) * 668265263u;
            h ^= h >> 15;
            return (int)(h & 0x7fffffff);
        }
    }
}
