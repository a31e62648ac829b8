# Reference values for test/stats/{wilson,clopper-pearson,jeffreys,agresti-coull,wald,
# proportion-interval}.test.ts.
# Independent implementations: R's prop.test (Wilson), binom.test (Clopper-Pearson), qbeta
# (Jeffreys), and the Agresti-Coull and Wald formulas written out here (base R has neither).
# Run: Rscript test/stats/r/proportions.R   (output pasted into the tests as literals)
# Numbers printed with sprintf('%.12g').
fmt <- function(x) ifelse(is.na(x), "null", sprintf("%.12g", x))
row <- function(vals, call) cat("  [", paste(fmt(vals), collapse = ", "), "], // ", call, "\n", sep = "")
hdr <- function(s) cat("\n## ", s, "\n", sep = "")

cases <- list(c(12, 40, .95), c(0, 10, .95), c(10, 10, .95), c(0, 1, .95), c(1, 1, .95),
              c(1, 2, .95), c(3, 17, .90), c(5, 1000, .99), c(1, 25, .80), c(29, 30, .95),
              c(37811, 120000, .95))

hdr("wilson: [x, n, level, ci_low, ci_high]")
for (k in cases) {
  x <- k[1]; n <- k[2]; L <- k[3]
  ci <- suppressWarnings(prop.test(x, n, conf.level = L, correct = FALSE)$conf.int)
  row(c(x, n, L, ci), sprintf("prop.test(%.10g, %.10g, conf.level = %.10g, correct = FALSE)$conf.int", x, n, L))
}

hdr("clopper-pearson: [x, n, level, ci_low, ci_high]")
for (k in cases) {
  x <- k[1]; n <- k[2]; L <- k[3]
  ci <- binom.test(x, n, conf.level = L)$conf.int
  row(c(x, n, L, ci), sprintf("binom.test(%.10g, %.10g, conf.level = %.10g)$conf.int", x, n, L))
}

hdr("jeffreys: [x, n, level, ci_low, ci_high]")
for (k in cases) {
  x <- k[1]; n <- k[2]; L <- k[3]; a <- 1 - L
  ci <- c(if (x == 0) 0 else qbeta(a / 2, x + .5, n - x + .5),
          if (x == n) 1 else qbeta(1 - a / 2, x + .5, n - x + .5))
  row(c(x, n, L, ci), sprintf("qbeta(c(%.10g, %.10g), %.10g, %.10g)%s", a / 2, 1 - a / 2, x + .5, n - x + .5,
                              if (x == 0) "  (lower 0: x = 0)" else if (x == n) "  (upper 1: x = n)" else ""))
}

hdr("agresti-coull (formula): [x, n, level, ci_low, ci_high]")
ac <- function(x, n, L) {
  z <- qnorm((1 + L) / 2); nt <- n + z^2; pt <- (x + z^2 / 2) / nt
  h <- z * sqrt(pt * (1 - pt) / nt); c(max(0, pt - h), min(1, pt + h))
}
for (k in cases) {
  x <- k[1]; n <- k[2]; L <- k[3]
  row(c(x, n, L, ac(x, n, L)), sprintf("ac(%.10g, %.10g, %.10g)  [proportions.R]", x, n, L))
}

hdr("wald (formula; 0 < x < n only): [x, n, level, ci_low, ci_high]")
wald <- function(x, n, L) {
  p <- x / n; h <- qnorm((1 + L) / 2) * sqrt(p * (1 - p) / n); c(max(0, p - h), min(1, p + h))
}
for (k in cases) {
  x <- k[1]; n <- k[2]; L <- k[3]
  if (x == 0 || x == n) next
  row(c(x, n, L, wald(x, n, L)), sprintf("wald(%.10g, %.10g, %.10g)  [proportions.R]", x, n, L))
}
