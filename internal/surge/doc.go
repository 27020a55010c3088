// Package surge finds change points in activity series (port calls per day,
// vessels present, rail cars counted) and reports the rises as surges. It is
// pure: no I/O, no clocks; callers pass bytes or values.
//
// # What is here
//
//   - The TCPD metrics (van den Burg & Williams 2020, TCPDBench v3): F1 with
//     a margin of 5 and segmentation cover, matching the published test
//     vectors exactly (F1, Cover, ScoreTCPD).
//   - Segment costs from prefix sums (Coster): Gaussian change in mean (RSS),
//     in mean and variance, in a linear trend, and Poisson for counts.
//   - PELT (exact, pruned) and binary segmentation as R changepoint 2.x
//     implements them. With the benchmark's settings (z-scored data, MBIC:
//     3·ln n plus ln(segment length) per segment, Q = 5, minseglen 1, and
//     the R wrapper's off-by-one) they reproduce the published default rows
//     on the 17 univariate series: binseg 0.690/0.678 and pelt 0.672/0.669
//     mean F1/cover, and the zero baseline 0.637/0.557.
//   - BOCPD (Adams & MacKay 2007): Normal-Gamma prior, constant hazard, one
//     Update per observation returning the posterior probability that a new
//     regime began within the last Lag points, pruning of improbable run
//     lengths, and the MAP segmentation (online Viterbi over run lengths,
//     like ocp's maxCPs). The TCPD default (λ=100, a=b=k=1, m=0) scores
//     0.666/0.615 against the published 0.665/0.612, and finds the nile
//     change at 28 as the published run did.
//   - Detect, the one default configuration, and the activity helpers Bin,
//     Changes and Surges.
//
// # The default detector and how it was chosen
//
// Every step is fixed in DefaultOptions; nothing depends on the series name.
//
//  1. Interpolate missing values, z-score each dimension.
//  2. If the first differences have a clear autocorrelation peak at a lag
//     3…60 (> 0.3), remove that seasonal pattern (classical decomposition).
//     It fires on exactly the three monthly seasonal series (period 12).
//  3. Segment with PELT under two models, piecewise constant and piecewise
//     linear, each with MBIC's penalty (changed parameters + 2)·ln n, i.e.
//     3 and 4·ln n, and minimum segments of 5 and 10 points.
//  4. The noise scale is re-estimated three times from each model's own
//     residuals and inflated for lag-1 autocorrelation ρ (capped at 0.8) to
//     the long-run standard deviation σ·√((1+ρ)/(1−ρ)): many real series
//     are smooth or random-walk-like, and an i.i.d. noise model then sees
//     changes everywhere.
//  5. The model with the lower Gaussian BIC wins.
//
// Mean F1 / cover on the 17 univariate real series of shared/data/tcpd
// (published best default: binseg 0.690 / 0.678). From `LOOKOUT_SURGE_EXPLORE=1
// go test -run Ablation -v`, each line changes one choice of the default:
//
//	default                            0.762 / 0.733
//	mean model only                    0.733 / 0.713
//	linear model only                  0.732 / 0.691
//	no residual scale (z-score only)   0.703 / 0.684
//	1 scale iteration                  0.756 / 0.731
//	5 scale iterations                 0.759 / 0.730
//	no autocorrelation inflation       0.683 / 0.561
//	rho cap 0.5                        0.768 / 0.686
//	rho cap 0.9                        0.755 / 0.731
//	no deseasoning                     0.758 / 0.717
//	penalties 3/3 ln n                 0.746 / 0.734
//	penalties 2/3 ln n                 0.760 / 0.741
//	penalties 4/5 ln n                 0.726 / 0.729
//	min segment 2/4                    0.759 / 0.730
//	min segment 10/20                  0.739 / 0.730
//
// What did not help (earlier exploration, PELT on one model):
//
//   - Scaling by the MAD of first differences, the textbook robust noise
//     estimate: far too many changes on smooth series (best 0.63/0.51 for
//     the mean model over penalties 1…40·ln n, 0.68/0.58 linear).
//   - The mean-and-variance Gaussian cost: at most 0.69/0.67 (with a huge
//     penalty that makes it nearly the zero baseline).
//   - Plain z-scored PELT with the mean cost and any fixed penalty: at most
//     0.70/0.71 (8·ln n).
//   - Iterating the residual scale to a fixed point: the result depends on
//     the starting scale (a liberal start, e.g. the MAD of differences,
//     locks into over-segmentation: 0.66–0.77 F1, 0.55–0.68 cover); three
//     iterations from the z-score are stable (1, 3 and 5 give 0.756–0.762).
//
// # Honest caveats
//
// The default was selected on these same 17 series. A leave-one-out check
// (for each series, pick the best of the 15 ablation variants on the other
// 16 and score it on the held-out one) gives 0.708 F1 / 0.705 cover, still
// above every published default but below the 0.75 / 0.72 target. Expect
// the held-out TCPD series to land between that and the in-sample score.
// The multivariate run_log scores 0.570/0.501 with the default (BOCPD gets
// 1.0/0.815 there); uk_coal_employ (missing values) 0.513/0.356.
//
// # Speed
//
// PELT with the mean cost is O(n) on change-rich series: a 1 M-point
// series with a change every ~100 points took 0.57–0.83 s of CPU per run
// (BenchmarkPELTMillion, wall 2.5–2.8 s at load average ≈19 on 2 shared
// cores). Without changes PELT cannot prune and is O(n²) (≈0.5 s for 2 000
// flat points). BOCPD costs one logarithm and one exponential per active
// run length per step; with λ=100 and truncation at 1e-4, ≈68 run lengths
// stay active and a 1 M-point series took ≈2.5 s of CPU
// (BenchmarkBOCPDMillion): the 2 s target is not met. Custom polynomial
// exp/log and a series for log1p were tried and were not faster than the
// standard library.
package surge
