namespace FlowLens.Core;

/// <summary>
/// Seeds derived from a run's seed and a name, the same in every process: <see cref="HashCode"/> is randomised per
/// process, so a seed built with it would make <c>--seed</c> reproduce nothing across runs.
/// </summary>
public static class StableSeed
{
    public static int Of(int seed, string name, int sample = 0)
    {
        ArgumentNullException.ThrowIfNull(name);
        unchecked
        {
            // FNV-1a over the name's UTF-16 code units, then a multiplicative mix with the seed and the sample.
            var h = 2166136261u;
            foreach (var c in name)
            {
                h = (h ^ c) * 16777619u;
            }

            h = (h ^ (uint)seed) * 2654435761u;
            h = (h ^ (uint)sample) * 2246822519u;
            h ^= h >> 15;
            h *= 3266489917u;
            h ^= h >> 13;
            return (int)(h & 0x7fffffff);
        }
    }
}
