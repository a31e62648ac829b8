# Reference values for test/stats/{welch-t,welch-t-from-summary}.test.ts.
# Independent implementation: t.test(x, y) (Welch, var.equal = FALSE).
# Run: Rscript test/stats/r/welch.R   (output pasted into the tests as literals)
fmt <- function(x) ifelse(is.na(x), "null", sprintf("%.12g", x))
hdr <- function(s) cat("\n## ", s, "\n", sep = "")
show <- function(label, x, y, L = .95) {
  t <- t.test(x, y, conf.level = L)
  cat(sprintf("  // %s: t.test(x, y, conf.level = %.10g)\n", label, L))
  cat(sprintf("  // [estimate, ci_low, ci_high, t, df, p]\n"))
  cat("  [", paste(fmt(c(t$estimate[1] - t$estimate[2], t$conf.int, t$statistic, t$parameter, t$p.value)),
                   collapse = ", "), "],\n", sep = "")
}
bin <- function(x, n) c(rep(1, x), rep(0, n - x))

hdr("welch")
show("x = c(1, 2, 3, 4); y = c(2, 4, 6, 8, 10)", c(1, 2, 3, 4), c(2, 4, 6, 8, 10))
show("x = c(1, 2, 3, 4); y = c(2, 4, 6, 8, 10), 90%", c(1, 2, 3, 4), c(2, 4, 6, 8, 10), .90)
show("ties: x = c(0, 0, 1, 1, 1, 2, 2, 5); y = c(0, 0, 0, 1, 1, 3)", c(0, 0, 1, 1, 1, 2, 2, 5), c(0, 0, 0, 1, 1, 3))
show("one constant group: x = c(5, 5, 5); y = c(1, 2, 3, 4)", c(5, 5, 5), c(1, 2, 3, 4))
show("two each: x = c(10, 12); y = c(3, 9)", c(10, 12), c(3, 9))
show("0/1 from counts: 45/100 vs 30/100", bin(45, 100), bin(30, 100))
show("0/1 from counts: 3/40 vs 9/38", bin(3, 40), bin(9, 38))
show("0/1 from counts: 812/2400 vs 1650/4100, 99%", bin(812, 2400), bin(1650, 4100), .99)
show("large: x = (1:1000 %% 7) * 0.5, y = (1:1200 %% 5) * 0.75 + 0.1", (1:1000 %% 7) * 0.5, (1:1200 %% 5) * 0.75 + 0.1)

hdr("summary inputs for the 0/1 cases: mean, sd")
for (k in list(c(45, 100), c(30, 100), c(3, 40), c(9, 38), c(812, 2400), c(1650, 4100))) {
  v <- bin(k[1], k[2]); cat(sprintf("  // bin(%.10g, %.10g): mean %s sd %s\n", k[1], k[2], fmt(mean(v)), fmt(sd(v))))
}
