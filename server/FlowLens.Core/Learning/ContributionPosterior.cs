namespace FlowLens.Core.Learning;

/// <summary>
/// A Gaussian posterior over a capability's contribution for one task kind: a prior mean worth
/// <see cref="PriorStrength"/> pseudo-observations, updated with every observed attribution (Welford's update,
/// so it is stable for any number of observations).
/// </summary>
public sealed record ContributionPosterior(double PriorMean, int Count, double Sum, double SumOfSquares)
{
    public const double PriorStrength = 2;

    public double Mean => (PriorStrength * PriorMean + Sum) / (PriorStrength + Count);

    /// <summary>The standard error of the mean, with a floor so a capability seen once is not over-trusted.</summary>
    public double StandardError
    {
        get
        {
            if (Count < 2)
            {
                return 0.5 / Math.Sqrt(PriorStrength + Count);
            }

            var mean = Sum / Count;
            var variance = Math.Max(0, (SumOfSquares / Count) - (mean * mean));
            return Math.Sqrt((variance + 0.01) / (PriorStrength + Count));
        }
    }

    public ContributionPosterior Observe(double contribution) =>
        this with { Count = Count + 1, Sum = Sum + contribution, SumOfSquares = SumOfSquares + (contribution * contribution) };
}
