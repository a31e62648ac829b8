# Reference values for test/measures/nowcast.test.ts: the distribution of a right-truncated delay
# (observed only when delay <= T), estimated independently of the reverse-time hazard product by
# the self-consistency (EM) algorithm of Turnbull (1976) for truncated data: each observation with
# truncation time T stands for (1 - F(T)) / F(T) unseen "ghost" observations, spread over the
# delays above T with probabilities p / (1 - F(T)) (so p / F(T) ghosts at each). Its fixed point is the NPMLE (Lynden-Bell 1971), which the
# reverse-time hazard estimator of Lawless (1994) computes in closed form.
# Run: Rscript test/stats/r/nowcast.R   (output pasted into the test as literals)
em_cdf <- function(delay, Tt, D, iter = 20000) {
  p <- rep(1 / (D + 1), D + 1)                      # p[e + 1] = P(delay = e), e = 0..D
  n <- tabulate(pmin(delay, D) + 1, nbins = D + 1)
  for (k in seq_len(iter)) {
    F <- cumsum(p)
    ghosts <- numeric(D + 1)
    for (i in seq_along(delay)) {
      t <- min(Tt[i], D)
      if (t < D) ghosts[(t + 2):(D + 1)] <- ghosts[(t + 2):(D + 1)] + p[(t + 2):(D + 1)] / F[t + 1]
    }
    p <- (n + ghosts) / sum(n + ghosts)
  }
  cumsum(p)
}
# quarters: T = 400 with delays 10, 100, 300; T = 120 with delays 20, 110; T = 60 with delays 5, 50, 50
delay <- c(10, 100, 300, 20, 110, 5, 50, 50)
Tt    <- c(400, 400, 400, 120, 120, 60, 60, 60)
F <- em_cdf(delay, Tt, 400)
at <- c(0, 5, 10, 20, 50, 60, 100, 110, 120, 299, 300, 400)
cat("// [e, G(e)] em_cdf(c(10, 100, 300, 20, 110, 5, 50, 50), c(400, 400, 400, 120, 120, 60, 60, 60), 400)\n")
for (e in at) cat(sprintf("  [%d, %.10g],\n", e, F[e + 1]))
