# Reference values for test/stats/{poisson-exact,rate-ratio-exact,rate-ratio-wald}.test.ts.
# Independent implementations: poisson.test(x, T) and poisson.test(c(e1, e2), c(t1, t2));
# the log-scale Wald rate ratio written out in R (base R has none).
# Run: Rscript test/stats/r/poisson.R   (output pasted into the tests as literals)
fmt <- function(x) ifelse(is.na(x), "null", ifelse(is.infinite(x), "Infinity", sprintf("%.12g", x)))
row <- function(vals, call) cat("  [", paste(fmt(vals), collapse = ", "), "], // ", call, "\n", sep = "")
hdr <- function(s) cat("\n## ", s, "\n", sep = "")

hdr("poisson exact: [events, exposure, level, estimate, ci_low, ci_high]")
for (k in list(c(12, 3650, .95), c(0, 100, .95), c(1, 0.5, .95), c(350, 12000, .90), c(3, 1, .99),
               c(123456, 9876543, .95))) {
  t <- poisson.test(k[1], k[2], conf.level = k[3])
  row(c(k, t$estimate, t$conf.int), sprintf("poisson.test(%.10g, %.10g, conf.level = %.10g)", k[1], k[2], k[3]))
}

hdr("rate ratio exact: [e1, t1, e2, t2, level, estimate, ci_low, ci_high, p_value]")
for (k in list(c(30, 9000, 15, 8000, .95), c(0, 500, 4, 700, .95), c(5, 100, 0, 120, .95),
               c(1, 1, 1, 1, .95), c(3, 1000, 3, 1000, .95), c(250, 40000, 180, 41000, .99),
               c(7, 365.25, 2, 730.5, .90), c(4000, 1e6, 3500, 1.1e6, .95))) {
  t <- poisson.test(k[c(1, 3)], k[c(2, 4)], conf.level = k[5])
  row(c(k, t$estimate, t$conf.int, t$p.value),
      sprintf("poisson.test(c(%.10g, %.10g), c(%.10g, %.10g), conf.level = %.10g)", k[1], k[3], k[2], k[4], k[5]))
}

hdr("rate ratio wald (formula): [e1, t1, e2, t2, level, estimate, ci_low, ci_high]")
rrw <- function(e1, t1, e2, t2, L) {
  r <- (e1 / t1) / (e2 / t2); w <- qnorm((1 + L) / 2) * sqrt(1 / e1 + 1 / e2)
  c(r, exp(log(r) - w), exp(log(r) + w))
}
for (k in list(c(30, 9000, 15, 8000, .95), c(1, 1, 1, 1, .95), c(250, 40000, 180, 41000, .99),
               c(7, 365.25, 2, 730.5, .90), c(4000, 1e6, 3500, 1.1e6, .95))) {
  row(c(k, rrw(k[1], k[2], k[3], k[4], k[5])), sprintf("rrw(%.10g, %.10g, %.10g, %.10g, %.10g)  [poisson.R]", k[1], k[2], k[3], k[4], k[5]))
}
