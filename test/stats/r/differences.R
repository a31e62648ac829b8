# Reference values for test/stats/{newcombe,wald-difference,agresti-caffo,difference-interval}.test.ts.
# Independent implementations:
#   newcombe: Newcombe (1998) method 10 written out in R on prop.test(x, n, correct = FALSE)$conf.int
#   wald:     prop.test(c(x1, x2), c(n1, n2), correct = FALSE)$conf.int (R clips to [-1, 1])
#   agresti-caffo: the formula written out in R (base R has none)
# Run: Rscript test/stats/r/differences.R   (output pasted into the tests as literals)
fmt <- function(x) ifelse(is.na(x), "null", sprintf("%.12g", x))
row <- function(vals, call) cat("  [", paste(fmt(vals), collapse = ", "), "], // ", call, "\n", sep = "")
hdr <- function(s) cat("\n## ", s, "\n", sep = "")

wilson <- function(x, n, L) suppressWarnings(prop.test(x, n, conf.level = L, correct = FALSE)$conf.int)
newcombe <- function(x1, n1, x2, n2, L) {
  p1 <- x1 / n1; p2 <- x2 / n2; w1 <- wilson(x1, n1, L); w2 <- wilson(x2, n2, L); d <- p1 - p2
  c(d - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2), d + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2))
}
ac <- function(x1, n1, x2, n2, L) {
  q1 <- (x1 + 1) / (n1 + 2); q2 <- (x2 + 1) / (n2 + 2); z <- qnorm((1 + L) / 2)
  h <- z * sqrt(q1 * (1 - q1) / (n1 + 2) + q2 * (1 - q2) / (n2 + 2))
  c(max(q1 - q2 - h, -1), min(q1 - q2 + h, 1))
}

cases <- list(c(56, 70, 48, 80, .95), c(9, 10, 3, 10, .95), c(6, 7, 2, 7, .95),
              c(5, 56, 0, 29, .95), c(0, 10, 0, 20, .95), c(0, 10, 0, 10, .95),
              c(10, 10, 0, 20, .95), c(10, 10, 0, 10, .95), c(1, 1, 0, 1, .95),
              c(3, 17, 7, 19, .90), c(120, 400, 95, 380, .99), c(4021, 10000, 3812, 10000, .95))

hdr("newcombe: [x1, n1, x2, n2, level, ci_low, ci_high]")
for (k in cases) row(c(k, newcombe(k[1], k[2], k[3], k[4], k[5])),
                     sprintf("newcombe(%.10g, %.10g, %.10g, %.10g, %.10g)  [differences.R, on prop.test CIs]", k[1], k[2], k[3], k[4], k[5]))

hdr("wald (se > 0 only): [x1, n1, x2, n2, level, ci_low, ci_high]")
for (k in cases) {
  p <- k[c(1, 3)] / k[c(2, 4)]
  if (sum(p * (1 - p)) == 0) next
  ci <- suppressWarnings(prop.test(k[c(1, 3)], k[c(2, 4)], conf.level = k[5], correct = FALSE)$conf.int)
  row(c(k, ci), sprintf("prop.test(c(%.10g, %.10g), c(%.10g, %.10g), conf.level = %.10g, correct = FALSE)$conf.int", k[1], k[3], k[2], k[4], k[5]))
}

hdr("agresti-caffo: [x1, n1, x2, n2, level, ci_low, ci_high]")
for (k in cases) row(c(k, ac(k[1], k[2], k[3], k[4], k[5])),
                     sprintf("ac(%.10g, %.10g, %.10g, %.10g, %.10g)  [differences.R]", k[1], k[2], k[3], k[4], k[5]))
