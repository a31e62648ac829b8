# Reference for src/stats/weighted-proportions.ts: weighted proportions, their difference,
# risk and odds ratios with robust (sandwich HC0) variances, written out in R, and the same
# difference variance from the matrix sandwich of lm(y ~ g, weights = w).
#   Rscript test/stats/r/weighted.R     (R 4.2)
y1 <- c(1, 0, 1, 1, 0, 1, 0, 0, 1, 1); w1 <- rep(1, 10)
y0 <- c(1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0); w0 <- c(0.5, 1, 1.5, 2, 0.5, 1, 1, 0.75, 1.25, 1, 0.5, 1)
wp <- function(y, w) { p <- sum(w * y) / sum(w); c(p = p, v = sum(w^2 * (y - p)^2) / sum(w)^2) }
a <- wp(y1, w1); b <- wp(y0, w0); z <- qnorm(0.975)
out <- function(label, x) cat(label, sprintf("%.12g", x), "\n")
out("treated p, lo, hi", c(a["p"], a["p"] - z * sqrt(a["v"]), a["p"] + z * sqrt(a["v"])))
out("comparison p, lo, hi", c(b["p"], b["p"] - z * sqrt(b["v"]), b["p"] + z * sqrt(b["v"])))
d <- a["p"] - b["p"]; v <- a["v"] + b["v"]
out("difference, lo, hi", c(d, d - z * sqrt(v), d + z * sqrt(v)))
out("z, p", c(d / sqrt(v), 2 * pnorm(-abs(d / sqrt(v)))))
rr <- a["p"] / b["p"]; vr <- a["v"] / a["p"]^2 + b["v"] / b["p"]^2
out("risk ratio, lo, hi", c(rr, rr * exp(-z * sqrt(vr)), rr * exp(z * sqrt(vr))))
or <- (a["p"] / (1 - a["p"])) / (b["p"] / (1 - b["p"])); vo <- a["v"] / (a["p"] * (1 - a["p"]))^2 + b["v"] / (b["p"] * (1 - b["p"]))^2
out("odds ratio, lo, hi", c(or, or * exp(-z * sqrt(vo)), or * exp(z * sqrt(vo))))
# the same difference variance as the HC0 sandwich of lm(y ~ g, weights = w)
y <- c(y1, y0); g <- c(rep(1, 10), rep(0, 12)); w <- c(w1, w0)
fit <- lm(y ~ g, weights = w); X <- model.matrix(fit); e <- residuals(fit)
bread <- solve(t(X) %*% (w * X)); meat <- t(X) %*% (w^2 * e^2 * X)
out("lm coefficient, HC0 variance", c(coef(fit)["g"], (bread %*% meat %*% bread)[2, 2]))
out("formula variance", v)
