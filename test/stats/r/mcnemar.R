# Reference values for test/stats/mcnemar.test.ts.
# Independent implementation: R's stats::mcnemar.test(correct = FALSE) on the paired 2x2 table
# matrix(c(a, c, b, d), 2) (rows = first quarter charged yes/no, columns = second quarter yes/no;
# b = charged in the first only, c = in the second only), and binom.test(b, b + c, 0.5) for the
# exact version.
# Run: Rscript test/stats/r/mcnemar.R   (output pasted into the test as literals)
fmt <- function(x) ifelse(is.na(x), "null", sprintf("%.12g", x))
cases <- list(c(10, 25, 12, 53), c(40, 30, 10, 120), c(5, 0, 0, 7), c(0, 7, 1, 0),
              c(3, 12, 3, 50), c(100, 60, 30, 400), c(1, 1, 0, 1), c(20, 13, 12, 55), c(8, 1, 9, 2))
cat("// [a, b, c, d, chisq_statistic, chisq_p, exact_p]\n")
for (k in cases) {
  m <- matrix(c(k[1], k[3], k[2], k[4]), 2)
  t <- suppressWarnings(mcnemar.test(m, correct = FALSE))
  e <- if (k[2] + k[3] > 0) binom.test(k[2], k[2] + k[3], 0.5)$p.value else NA
  cat("  [", paste(fmt(c(k, t$statistic, t$p.value, e)), collapse = ", "), "], // mcnemar.test(matrix(c(",
      paste(c(k[1], k[3], k[2], k[4]), collapse = ", "), "), 2), correct = FALSE); binom.test(", k[2], ", ", k[2] + k[3], ")\n", sep = "")
}
