# Reference values for test/stats/{katz-risk-ratio,woolf-odds-ratio,exact-odds-ratio}.test.ts.
# Independent implementations:
#   katz:  epitools::riskratio.wald  (rows: comparison, treated; columns: no event, event)
#   woolf: epitools::oddsratio.wald  (same layout)
#   exact: fisher.test(matrix(c(x1, x2, n1 - x1, n2 - x2), 2))  $estimate, $conf.int
# Run: Rscript test/stats/r/ratios.R   (output pasted into the tests as literals)
suppressPackageStartupMessages(library(epitools))
fmt <- function(x) ifelse(is.na(x), "null", ifelse(is.infinite(x), "Infinity", sprintf("%.12g", x)))
row <- function(vals, call) cat("  [", paste(fmt(vals), collapse = ", "), "], // ", call, "\n", sep = "")
hdr <- function(s) cat("\n## ", s, "\n", sep = "")

tab <- function(x1, n1, x2, n2) matrix(c(n2 - x2, n1 - x1, x2, x1), 2)
cases <- list(c(30, 100, 20, 100, .95), c(3, 4, 1, 4, .95), c(12, 40, 5, 38, .95),
              c(12, 40, 5, 38, .90), c(1, 10, 3, 12, .99), c(10, 10, 4, 12, .95),
              c(7, 9, 9, 9, .95), c(1, 2, 1, 3, .95), c(2000, 10000, 1800, 10000, .95))

hdr("katz (x1, x2 > 0): [x1, n1, x2, n2, level, estimate, ci_low, ci_high]")
for (k in cases) {
  if (k[1] == 0 || k[3] == 0 || (k[1] == k[2] && k[3] == k[4])) next
  m <- riskratio.wald(tab(k[1], k[2], k[3], k[4]), conf.level = k[5])$measure[2, ]
  row(c(k, m), sprintf("riskratio.wald(matrix(c(%.10g, %.10g, %.10g, %.10g), 2), conf.level = %.10g)$measure[2, ]",
                       k[4] - k[3], k[2] - k[1], k[3], k[1], k[5]))
}

hdr("woolf (no zero cell): [x1, n1, x2, n2, level, estimate, ci_low, ci_high]")
for (k in cases) {
  if (any(c(k[1], k[2] - k[1], k[3], k[4] - k[3]) == 0)) next
  m <- oddsratio.wald(tab(k[1], k[2], k[3], k[4]), conf.level = k[5])$measure[2, ]
  row(c(k, m), sprintf("oddsratio.wald(matrix(c(%.10g, %.10g, %.10g, %.10g), 2), conf.level = %.10g)$measure[2, ]",
                       k[4] - k[3], k[2] - k[1], k[3], k[1], k[5]))
}

hdr("exact (fisher.test): [x1, n1, x2, n2, level, estimate, ci_low, ci_high]")
exact_cases <- c(cases, list(c(1, 10, 0, 12, .95), c(0, 10, 3, 12, .95), c(5, 5, 2, 6, .95),
                             c(4, 9, 6, 6, .95), c(1, 1, 0, 1, .95), c(0, 1, 1, 1, .95),
                             c(13, 20, 13, 20, .95), c(150, 1000, 90, 1200, .95),
                             c(2, 400, 11, 380, .95)))
for (k in exact_cases) {
  f <- fisher.test(matrix(c(k[1], k[3], k[2] - k[1], k[4] - k[3]), 2), conf.level = k[5])
  row(c(k, f$estimate, f$conf.int), sprintf("fisher.test(matrix(c(%.10g, %.10g, %.10g, %.10g), 2), conf.level = %.10g)",
                                            k[1], k[3], k[2] - k[1], k[4] - k[3], k[5]))
}
