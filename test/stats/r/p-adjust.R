# Reference values for test/stats/p-adjust.test.ts.
# Independent implementation: p.adjust(p, method).
# Run: Rscript test/stats/r/p-adjust.R   (output pasted into the tests as literals)
fmt <- function(x) ifelse(is.na(x), "null", sprintf("%.12g", x))
for (p in list(c(0.01, 0.04, 0.03, 0.2), c(0.02, 0.02, 0.5, 0.001, 0.02), c(0.3), c(0, 1, 0.5),
               c(0.9, 0.95, 0.99), c(0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216))) {
  cat(sprintf("\n  // p = c(%s)\n", paste(fmt(p), collapse = ", ")))
  for (m in c("holm", "hochberg", "BH", "bonferroni", "none")) {
    cat(sprintf("  %s: [%s], // p.adjust(p, '%s')\n", if (m == "BH") "BH" else m, paste(fmt(p.adjust(p, m)), collapse = ", "), m))
  }
}
