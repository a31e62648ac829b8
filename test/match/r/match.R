# Reference for desist match: test data, the propensity model (glm), a hand greedy
# nearest-neighbour matcher and the balance table, written out by hand (no MatchIt: Debian's
# MatchIt 4.5.1 fast path ignores calipers under 1 and does not pick the nearest control).
#
#   Rscript test/match/r/match.R      (from the repository root; R 4.2)
#
# Writes test/fixtures/match/cohort.csv (the data) and test/match/r/expected/*.csv (the numbers
# test/match/match.reference.test.ts holds desist to).
set.seed(20261206)
out <- "test/match/r/expected"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
n <- 600
age <- round(rnorm(n, 32, 9))
priors <- rpois(n, 2.5)
sex <- sample(c("M", "F"), n, replace = TRUE, prob = c(0.8, 0.2))
area <- sample(c("north", "south", "east"), n, replace = TRUE)
employed <- rbinom(n, 1, 0.4)
risk <- round(plogis(-1 + 0.25 * priors + rnorm(n, 0, 0.5)), 3)
lp <- -1.2 - 0.03 * (age - 32) + 0.25 * priors + 0.4 * (sex == "M") + 0.5 * (area == "north") - 0.6 * employed
treat <- rbinom(n, 1, plogis(lp))
# a few missing covariates (left out of the model and the matching, and counted)
age_txt <- as.character(age); age_txt[c(7, 150, 333)] <- ""
area_txt <- area; area_txt[c(42, 500)] <- ""
start <- as.Date("2021-01-01") + sample(0:900, n, replace = TRUE)
id <- sprintf("P%04d", sample(1:9999, n))
cohort <- data.frame(person_id = id, cohort_start = format(start), cohort_end = "", group = ifelse(treat == 1, "treated", "comparison"),
                     age = age_txt, priors = priors, sex = sex, area = area_txt, employed = employed, risk_score = sprintf("%.3f", risk))
write.csv(cohort, "test/fixtures/match/cohort.csv", row.names = FALSE, quote = FALSE)

# ---- the analysis sample: complete cases on the covariates, in data order
d <- cohort
d$age <- as.numeric(ifelse(d$age == "", NA, d$age))
d$area <- ifelse(d$area == "", NA, d$area)
d <- d[complete.cases(d[, c("age", "priors", "sex", "area", "employed", "risk_score")]), ]
d$treat <- as.integer(d$group == "treated")
d$risk_score <- as.numeric(d$risk_score)
d$sex <- factor(d$sex); d$area <- factor(d$area)   # levels sorted: F < M, east < north < south
fit <- glm(treat ~ age + priors + sex + area + employed + risk_score, data = d, family = binomial)
cf <- coef(fit)
write.csv(data.frame(name = names(cf), value = sprintf("%.15g", cf)), file.path(out, "coefficients.csv"), row.names = FALSE)
cat("iterations", fit$iter, "n", nrow(d), "treated", sum(d$treat), "\n")

# ---- greedy nearest neighbour, MatchIt's rules written out:
# treated in decreasing distance (ties in data order); each takes the nearest available control
# (ties to the first in data order); with ratio K, K rounds over the treated; the caliper is a
# width on the distance; with replacement every treated takes its K nearest controls.
greedy <- function(dist, treat, ratio = 1, width = Inf, replace = FALSE, strata = NULL) {
  nn <- length(dist)
  tr <- which(treat == 1); co <- which(treat == 0)
  ord <- tr[order(-dist[tr], tr)]
  mm <- matrix(NA_integer_, nn, ratio)
  avail <- rep(TRUE, nn)
  same <- function(t, cand) if (is.null(strata)) cand else cand[strata[cand] == strata[t]]
  if (!replace) {
    for (r in 1:ratio) for (t in ord) {
      if (r > 1 && is.na(mm[t, 1])) next
      cand <- same(t, co[avail[co]])
      if (length(cand) == 0) next
      dd <- abs(dist[cand] - dist[t])
      k <- which(dd == min(dd))[1]
      if (dd[k] > width) next
      mm[t, r] <- cand[k]; avail[cand[k]] <- FALSE
    }
  } else {
    for (t in ord) {
      cand <- same(t, co)
      dd <- abs(dist[cand] - dist[t])
      o <- order(dd, cand)
      ok <- o[dd[o] <= width]
      if (length(ok) > 0) mm[t, seq_len(min(ratio, length(ok)))] <- cand[ok[seq_len(min(ratio, length(ok)))]]
    }
  }
  w <- numeric(nn)
  for (t in tr) {
    m <- mm[t, !is.na(mm[t, ])]
    if (length(m) == 0) next
    w[t] <- 1
    for (c in m) w[c] <- w[c] + 1 / length(m)
  }
  cw <- treat == 0 & w > 0
  w[cw] <- w[cw] / mean(w[cw])
  list(mm = mm, w = w)
}

# ---- the balance table, cobalt's ATT conventions written out
wvar <- function(x, w) { m <- sum(w * x) / sum(w); sum(w * (x - m)^2) / (sum(w) - sum(w^2) / sum(w)) }
balance <- function(X, treat, w) {
  rows <- lapply(colnames(X), function(v) {
    x <- X[, v]; bin <- all(x %in% c(0, 1))
    t1 <- treat == 1; t0 <- treat == 0
    mt <- mean(x[t1]); mc <- mean(x[t0])
    a1 <- t1 & w > 0; a0 <- t0 & w > 0
    mta <- sum(w[a1] * x[a1]) / sum(w[a1]); mca <- sum(w[a0] * x[a0]) / sum(w[a0])
    sdt <- if (bin) sqrt(mt * (1 - mt)) else sd(x[t1])
    pooled_b <- if (bin) sqrt((mt * (1 - mt) + mc * (1 - mc)) / 2) else sqrt((var(x[t1]) + var(x[t0])) / 2)
    pooled_a <- if (bin) sqrt((mta * (1 - mta) + mca * (1 - mca)) / 2) else sqrt((wvar(x[a1], w[a1]) + wvar(x[a0], w[a0])) / 2)
    vr <- if (bin) NA else wvar(x[a1], w[a1]) / wvar(x[a0], w[a0])
    data.frame(covariate = v, binary = bin, mean_treated_before = mt, mean_comparison_before = mc,
               mean_treated_after = mta, mean_comparison_after = mca,
               smd_before = (mt - mc) / sdt, smd_after = (mta - mca) / sdt,
               smd_pooled_before = (mt - mc) / pooled_b, smd_pooled_after = (mta - mca) / pooled_a,
               variance_ratio_after = vr)
  })
  do.call(rbind, rows)
}
X <- cbind(age = d$age, priors = d$priors, "sex=F" = as.numeric(d$sex == "F"), "sex=M" = as.numeric(d$sex == "M"),
           "area=east" = as.numeric(d$area == "east"), "area=north" = as.numeric(d$area == "north"),
           "area=south" = as.numeric(d$area == "south"), employed = d$employed, risk_score = d$risk_score)

fmt <- function(df) { for (k in names(df)) if (is.numeric(df[[k]])) df[[k]] <- ifelse(is.na(df[[k]]), "", sprintf("%.15g", df[[k]])); df }
run <- function(name, dist, ...) {
  g <- greedy(dist, d$treat, ...)
  pairs <- do.call(rbind, lapply(seq_len(ncol(g$mm)), function(r) {
    t <- which(!is.na(g$mm[, r]))
    if (length(t) == 0) return(NULL)
    data.frame(treated = d$person_id[t], control = d$person_id[g$mm[t, r]], slot = r)
  }))
  write.csv(pairs, file.path(out, paste0(name, "-pairs.csv")), row.names = FALSE, quote = FALSE)
  write.csv(fmt(data.frame(person_id = d$person_id[g$w > 0], weight = g$w[g$w > 0])), file.path(out, paste0(name, "-weights.csv")), row.names = FALSE, quote = FALSE)
  write.csv(fmt(balance(X, d$treat, g$w)), file.path(out, paste0(name, "-balance.csv")), row.names = FALSE, quote = FALSE)
  cat(name, "pairs", nrow(pairs), "matched treated", sum(d$treat == 1 & g$w > 0), "\n")
}
logit <- predict(fit, type = "link")
ps <- fitted(fit)
cal <- function(x, k) k * sd(x)
write.csv(data.frame(name = c("logit", "ps"), sd = sprintf("%.15g", c(sd(logit), sd(ps)))), file.path(out, "distance-sd.csv"), row.names = FALSE, quote = FALSE)
run("default", logit, width = cal(logit, 0.2))
run("ps-nocaliper", ps)
run("ratio2", logit, ratio = 2, width = cal(logit, 0.2))
run("replace2", logit, ratio = 2, width = cal(logit, 0.1), replace = TRUE)
run("exact-sex", logit, width = cal(logit, 0.2), strata = as.character(d$sex))
# the logistic @example in src/stats/logistic.ts
print(sprintf("%.6f", coef(glm(y ~ x, family = binomial, data = data.frame(x = 1:8, y = c(0, 0, 1, 0, 1, 0, 1, 1))))))
