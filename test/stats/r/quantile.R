# Reference values for test/stats/bootstrap.test.ts: the percentile step.
# The bootstrap interval is quantile(replicates, c((1-level)/2, 1-(1-level)/2), type = 7).
# Run: Rscript test/stats/r/quantile.R
fmt <- function(x) sprintf("%.12g", x)
p <- function(name, x) cat("  ", name, ": [", paste(fmt(x), collapse = ", "), "],\n", sep = "")
probs <- c(0, 0.025, 0.05, 0.1, 0.5, 0.9, 0.95, 0.975, 1)
p("probs", probs)

v <- c(3.1, -2, 7.25, 0, 11, 4.5, 4.5, 9.75, -6.5, 1)
cat("## v = c(3.1, -2, 7.25, 0, 11, 4.5, 4.5, 9.75, -6.5, 1); quantile(v, probs, type = 7)\n")
p("q_small", quantile(v, probs, type = 7, names = FALSE))

w <- ((1:2000) * 7919) %% 2003 / 7
cat("## w <- ((1:2000) * 7919) %% 2003 / 7; quantile(w, probs, type = 7)\n")
p("q_2000", quantile(w, probs, type = 7, names = FALSE))

cat("## single value: quantile(42, c(0.025, 0.975), type = 7)\n")
p("q_single", quantile(42, c(0.025, 0.975), type = 7, names = FALSE))
