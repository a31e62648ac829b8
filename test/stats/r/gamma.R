# Reference values for test/stats/gamma-quantile.test.ts.
# Independent implementation: R's pgamma and qgamma (rate 1).
# Run: Rscript test/stats/r/gamma.R   (output pasted into the tests as literals)
fmt <- function(x) sprintf("%.15g", x)
hdr <- function(s) cat("\n## ", s, "\n", sep = "")
hdr("pgamma: [a, x, P, Q]")
for (a in c(0.5, 1, 3, 10, 1000, 10000, 123457))
  for (x in unique(pmax(a + c(-4, -1, 0, 1, 4) * sqrt(a), a / 10))) {
    cat(sprintf("  [%s, %s, %s, %s], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)\n",
                fmt(a), fmt(x), fmt(pgamma(x, a)), fmt(pgamma(x, a, lower.tail = FALSE))))
  }
hdr("qgamma: [p, a, q]")
for (a in c(0.5, 1, 2, 13, 100, 1000, 1001, 10000, 123457, 1e6))
  for (p in c(0.005, 0.025, 0.5, 0.975, 0.995)) {
    cat(sprintf("  [%s, %s, %s], // qgamma(%s, %s)\n", fmt(p), fmt(a), fmt(qgamma(p, a)), fmt(p), fmt(a)))
  }
