# Reference values for test/stats/zeroin.test.ts and test/stats/conditional-hypergeometric.test.ts.
# Independent implementations: uniroot() (R's zeroin, default tol = .Machine$double.eps^0.25);
# the noncentral hypergeometric written out from dhyper/phyper.
# Run: Rscript test/stats/r/zeroin.R   (output pasted into the tests as literals)
fmt <- function(x) sprintf("%.15g", x)
cat("## uniroot (default tol)\n")
cat(sprintf("  %s, // uniroot(function(t) t^2 - 2, c(0, 2))$root\n", fmt(uniroot(function(t) t^2 - 2, c(0, 2))$root)))
cat(sprintf("  %s, // uniroot(function(t) cos(t) - t, c(0, 1))$root\n", fmt(uniroot(function(t) cos(t) - t, c(0, 1))$root)))
cat(sprintf("  %s, // uniroot(function(t) exp(t) - 5, c(0, 3))$root\n", fmt(uniroot(function(t) exp(t) - 5, c(0, 3))$root)))
cat(sprintf("  %s, // uniroot(function(t) 1/(1+t) - 0.3, c(.Machine$double.eps, 10))$root\n", fmt(uniroot(function(t) 1/(1+t) - 0.3, c(.Machine$double.eps, 10))$root)))
cat(sprintf("  %s, // uniroot(function(t) t^3 - 2*t - 5, c(2, 3), tol = 1e-12)$root\n", fmt(uniroot(function(t) t^3 - 2*t - 5, c(2, 3), tol = 1e-12)$root)))

cat("\n## noncentral hypergeometric, table matrix(c(x1, x2, n1 - x1, n2 - x2), 2)\n")
nh <- function(x1, n1, x2, n2) {
  m <- x1 + x2; n <- n1 - x1 + n2 - x2; k <- n1
  lo <- max(0, k - n); hi <- min(k, m); s <- lo:hi
  list(lo = lo, hi = hi, d = function(psi) { w <- dhyper(s, m, n, k) * psi^s; w / sum(w) }, s = s)
}
for (k in list(c(3, 4, 1, 4), c(12, 40, 5, 38))) {
  h <- nh(k[1], k[2], k[3], k[4])
  cat(sprintf("  // x1=%.10g n1=%.10g x2=%.10g n2=%.10g: lo %d hi %d\n", k[1], k[2], k[3], k[4], h$lo, h$hi))
  for (psi in c(0.5, 1, 2.5)) {
    d <- h$d(psi)
    cat(sprintf("  // psi = %.10g: density sum(dhyper(s, m, n, k) * psi^s) normalised\n  [%s],\n", psi, paste(fmt(d), collapse = ", ")))
    cat(sprintf("  // mean %s, P(X <= x1) %s, P(X >= x1) %s\n", fmt(sum(h$s * d)), fmt(sum(d[h$s <= k[1]])), fmt(sum(d[h$s >= k[1]]))))
  }
  m <- k[1] + k[3]; n <- k[2] - k[1] + k[4] - k[3]
  cat(sprintf("  // central check: phyper(%.10g, %.10g, %.10g, %.10g) = %s; phyper(%.10g, %.10g, %.10g, %.10g, lower.tail = FALSE) = %s\n",
              k[1], m, n, k[2], fmt(phyper(k[1], m, n, k[2])), k[1] - 1, m, n, k[2], fmt(phyper(k[1] - 1, m, n, k[2], lower.tail = FALSE))))
}
