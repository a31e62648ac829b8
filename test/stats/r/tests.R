# Reference values for test/stats/{pearson-chi-square,fisher-exact,two-proportion-test,
# binomial-test}.test.ts.
# Independent implementations: chisq.test(m, correct = FALSE), fisher.test(m)$p.value,
# binom.test(x, n, p)$p.value, with m = matrix(c(x1, x2, n1 - x1, n2 - x2), 2).
# Run: Rscript test/stats/r/tests.R   (output pasted into the tests as literals)
fmt <- function(x) ifelse(is.na(x), "null", sprintf("%.12g", x))
row <- function(vals, call) cat("  [", paste(fmt(vals), collapse = ", "), "], // ", call, "\n", sep = "")
# shortest decimal that reads back as the same double (for inputs such as 9000 / 17000)
num <- function(x) { for (d in 15:17) { s <- sprintf(paste0("%.", d, "g"), x); if (as.numeric(s) == x) return(s) }; s }
hdr <- function(s) cat("\n## ", s, "\n", sep = "")
mcall <- function(k) sprintf("matrix(c(%.10g, %.10g, %.10g, %.10g), 2)", k[1], k[3], k[2] - k[1], k[4] - k[3])
mat <- function(k) matrix(c(k[1], k[3], k[2] - k[1], k[4] - k[3]), 2)

cases <- list(c(30, 100, 20, 100), c(3, 4, 1, 4), c(12, 40, 5, 38), c(1, 10, 3, 12),
              c(1, 10, 0, 12), c(10, 10, 4, 12), c(1, 5, 4, 5), c(7, 12, 3, 12), c(2, 4, 2, 4),
              c(1, 1, 0, 1), c(2000, 10000, 1800, 10000), c(500, 1000, 350, 1000),
              c(150, 1000, 90, 1200), c(5, 20, 15, 20))

hdr("pearson: [x1, n1, x2, n2, statistic, p_value]")
for (k in cases) {
  t <- suppressWarnings(chisq.test(mat(k), correct = FALSE))
  row(c(k, t$statistic, t$p.value), sprintf("chisq.test(%s, correct = FALSE)", mcall(k)))
}

hdr("fisher: [x1, n1, x2, n2, p_value]")
for (k in c(cases, list(c(0, 10, 0, 12), c(3, 3, 4, 4)))) {
  row(c(k, fisher.test(mat(k))$p.value), sprintf("fisher.test(%s)$p.value", mcall(k)))
}

hdr("min expected count: [x1, n1, x2, n2, min_expected]")
for (k in cases) {
  e <- suppressWarnings(chisq.test(mat(k))$expected)
  row(c(k, min(e)), sprintf("min(chisq.test(%s)$expected)", mcall(k)))
}

hdr("binomial: [x, n, p0, p_value]")
for (k in list(c(7, 20, .5), c(3, 30, .2), c(25, 30, .6), c(0, 10, .3), c(10, 10, .3), c(50, 100, .5),
               c(1, 1, .5), c(30, 45, 9000 / (9000 + 8000)), c(2, 1000, .01), c(980, 1000, .95),
               c(0, 5, 0), c(5, 5, 1), c(1, 5, 0))) {
  cat(sprintf("  [%.10g, %.10g, %s, %s], // binom.test(%.10g, %.10g, %s)$p.value\n",
              k[1], k[2], num(k[3]), fmt(binom.test(k[1], k[2], k[3])$p.value), k[1], k[2], num(k[3])))
}
