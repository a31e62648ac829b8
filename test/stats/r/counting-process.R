# Reference values for counting-process (start, stop] survival data and the adjusted Cox model:
# test/stats/{kaplan-meier,log-rank,cox,concordance}.test.ts (the "counting process" blocks).
# Independent implementation: R's survival package (survfit, coxph, concordance).
# Run: Rscript test/stats/r/counting-process.R   (output pasted into the tests as literals)
# R 4.2.2, survival 3.5-3. Numbers printed with sprintf('%.12g'); NA printed as null.
# survdiff() takes right-censored data only ("Right censored data only"); on (start, stop] data
# the log-rank statistic is the score test of coxph(..., ties = "exact"), which equals survdiff
# on right-censored data (checked below on the tie data).
suppressPackageStartupMessages(library(survival))

fmt <- function(x) ifelse(is.na(x) | is.nan(x), "null", sprintf("%.12g", x))
p <- function(name, x) cat("  ", name, ": [", paste(fmt(x), collapse = ", "), "],\n", sep = "")
hdr <- function(s) cat("\n## ", s, "\n", sep = "")

# ---------------------------------------------------------------- data
# Stanford heart transplant data in counting-process form (survival::heart, 172 intervals)
h <- heart
hdr("heart data (survival::heart)")
p("start", h$start); p("stop", h$stop); p("event", h$event); p("age", h$age)
p("surgery", h$surgery); p("transplant", as.integer(as.character(h$transplant)))

# A custody-like data set: 60 people, calendar days since the index, liberty stretches between
# custody episodes (several intervals per person, late entry for people in custody at the index),
# group 0/1, heavy ties. Built with integer arithmetic, printed as literals.
gap_start <- c(); gap_stop <- c(); gap_event <- c(); gap_group <- c(); gap_age <- c(); gap_sex <- c()
for (i in 1:60) {
  g <- i %% 2
  entry <- if (i %% 7 == 0) (i * 13) %% 40 + 5 else 0          # in custody at the index
  t <- entry
  horizon <- 200 + (i * 37) %% 300
  ev_day <- if ((i * 11) %% 10 < 6 - 2 * g) ((i * 53) %% 400) + 3 else Inf
  age <- 18 + (i * 7) %% 40
  sex <- c("F", "M", "X")[(i %% 5 == 0) + (i %% 3 == 0) + 1]
  repeat {
    gap_at <- t + 30 + (i * 17 + t) %% 120                     # next custody episode
    stop <- min(gap_at, horizon, ev_day)
    if (stop <= t) break
    gap_start <- c(gap_start, t); gap_stop <- c(gap_stop, stop)
    gap_event <- c(gap_event, as.integer(stop == ev_day)); gap_group <- c(gap_group, g)
    gap_age <- c(gap_age, age); gap_sex <- c(gap_sex, sex)
    if (stop == ev_day || stop == horizon) break
    t <- gap_at + 10 + (i * 3) %% 25                           # release
    if (t >= horizon) break
  }
}
gp <- data.frame(start = gap_start, stop = gap_stop, event = gap_event, group = gap_group, age = gap_age, sex = gap_sex)
hdr("gaps data (custody-like counting process)")
p("start", gp$start); p("stop", gp$stop); p("event", gp$event); p("group", gp$group); p("age", gp$age)
cat("  sex: [", paste0('"', gp$sex, '"', collapse = ", "), "],\n", sep = "")

# ---------------------------------------------------------------- Kaplan-Meier
kmcp <- function(label, d, at) {
  hdr(paste0("KM ", label, "  survfit(Surv(start, stop, event) ~ 1, conf.type = 'log-log')"))
  f <- survfit(Surv(start, stop, event) ~ 1, data = d, conf.type = "log-log")
  s <- summary(f, censored = TRUE)
  p("time", s$time); p("n_risk", s$n.risk); p("n_event", s$n.event); p("n_censor", s$n.censor)
  p("survival", s$surv); p("std_err", s$std.err); p("ci_low", s$lower); p("ci_high", s$upper)
  p("median", summary(f)$table[c("median", "0.95LCL", "0.95UCL")])
  sa <- summary(f, times = at)
  # summary()'s n.risk is the risk set at the first stored time >= t, which for (start, stop] data
  # also counts people entering between t and that time; desist counts the risk set at t itself:
  p("at_times", sa$time); p("at_n_risk_summary", sa$n.risk)
  p("at_n_risk", sapply(at, function(t) sum(d$start < t & d$stop >= t))); p("at_cum_events", cumsum(sa$n.event))
  p("at_surv", sa$surv); p("at_std_err", sa$std.err); p("at_lower", sa$lower); p("at_upper", sa$upper)
}
kmcp("heart", h, c(10, 100, 365, 1000))
kmcp("gaps", gp, c(30, 100, 200, 365))
kmcp("gaps group 0", gp[gp$group == 0, ], c(30, 100, 200))
kmcp("gaps group 1", gp[gp$group == 1, ], c(30, 100, 200))

hdr("difference of survival at day 100, gaps group 1 - group 0: Greenwood SEs, normal interval")
s1 <- summary(survfit(Surv(start, stop, event) ~ 1, data = gp[gp$group == 1, ]), times = c(100, 200))
s0 <- summary(survfit(Surv(start, stop, event) ~ 1, data = gp[gp$group == 0, ]), times = c(100, 200))
d <- s1$surv - s0$surv; se <- sqrt(s1$std.err^2 + s0$std.err^2)
p("diff", d); p("diff_low", d - qnorm(0.975) * se); p("diff_high", d + qnorm(0.975) * se)

# ---------------------------------------------------------------- log-rank
hdr("check: survdiff (right-censored) equals the coxph(ties = 'exact') score test")
tie_time  <- c(2, 2, 2, 3, 3, 5, 5, 5, 7, 8, 8, 10, 10, 12)
tie_event <- c(1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1, 0)
tie_group <- c(1, 2, 1, 2, 1, 1, 2, 2, 1, 2, 1, 1, 2, 2)
p("survdiff", survdiff(Surv(tie_time, tie_event) ~ tie_group)$chisq)
p("coxph_exact_score", coxph(Surv(tie_time, tie_event) ~ tie_group, ties = "exact")$score)
lrcp <- function(label, fml, d) {
  hdr(paste0("log-rank ", label, "  coxph(", deparse(fml), ", ties = 'exact')$score"))
  f <- coxph(fml, data = d, ties = "exact")
  p("chisq", f$score); p("p", pchisq(f$score, 1, lower.tail = FALSE))
}
lrcp("heart by transplant", Surv(start, stop, event) ~ transplant, h)
lrcp("gaps by group", Surv(start, stop, event) ~ group, gp)

# ---------------------------------------------------------------- Cox
cxcp <- function(label, fml, d) {
  hdr(paste0("Cox ", label, "  coxph(", deparse(fml), ", ties = 'efron')"))
  f <- coxph(fml, data = d, ties = "efron")
  s <- summary(f)
  p("coef", coef(f)); p("se", sqrt(diag(vcov(f))))
  p("hr", s$conf.int[, 1]); p("hr_low", s$conf.int[, 3]); p("hr_high", s$conf.int[, 4])
  p("p", s$coefficients[, "Pr(>|z|)"]); p("loglik", f$loglik)
  cc <- concordance(f)
  p("concordance", cc$concordance)
  p("counts", cc$count[c("concordant", "discordant", "tied.x", "tied.y", "tied.xy")])
}
cxcp("heart ~ transplant", Surv(start, stop, event) ~ transplant, h)
cxcp("heart ~ age + surgery + transplant", Surv(start, stop, event) ~ age + surgery + transplant, h)
cxcp("gaps ~ group", Surv(start, stop, event) ~ group, gp)
cxcp("gaps ~ group + age + sex (sex: factor, reference F)", Surv(start, stop, event) ~ group + age + sex, gp)
# right-censored adjusted models, for the concordance of ordinary data
l <- lung[1:60, c("time", "status", "sex", "age", "ph.ecog")]
l <- l[!is.na(l$ph.ecog), ]
l$event <- l$status - 1
l$ecog <- factor(pmin(l$ph.ecog, 2))
cxcp("lung subset ~ sex + age + ecog (factor, reference 0)", Surv(time, event) ~ sex + age + ecog, l)
