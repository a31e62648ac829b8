# Reference values for test/stats/{kaplan-meier,log-rank,cox}.test.ts.
# Independent implementation: R's survival package (survfit, survdiff, coxph).
# Run: Rscript test/stats/r/survival.R   (output pasted into the tests as literals)
# R 4.x, survival 3.5-3. Numbers printed with sprintf('%.12g'); NA printed as null.
suppressPackageStartupMessages(library(survival))

fmt <- function(x) ifelse(is.na(x) | is.nan(x), "null", sprintf("%.12g", x))
p <- function(name, x) cat("  ", name, ": [", paste(fmt(x), collapse = ", "), "],\n", sep = "")
hdr <- function(s) cat("\n## ", s, "\n", sep = "")

# ---------------------------------------------------------------- data
aml_time   <- aml$time
aml_status <- aml$status
aml_x      <- as.integer(aml$x == "Nonmaintained")   # treated flag: 1 = Nonmaintained

l <- lung[1:60, c("time", "status", "sex", "age", "ph.ecog")]
l <- l[!is.na(l$ph.ecog), ]
l$event <- l$status - 1
l$ecog <- pmin(l$ph.ecog, 2)
hdr("lung subset data (lung[1:60,], ph.ecog not NA; ecog = pmin(ph.ecog, 2))")
p("time", l$time); p("event", l$event); p("sex", l$sex); p("age", l$age); p("ecog", l$ecog)

# ovarian with age rounded to 4 decimals, exactly as typed into cox.test.ts
ov <- data.frame(futime = ovarian$futime, fustat = ovarian$fustat, age = round(ovarian$age, 4),
                 rx = ovarian$rx, ecog.ps = ovarian$ecog.ps)
hdr("ovarian data (age rounded to 4 decimals)")
p("futime", ov$futime); p("fustat", ov$fustat); p("age", ov$age); p("rx", ov$rx); p("ecog", ov$ecog.ps)

# a large deterministic data set (100,000 subjects, integer days, heavy ties), rebuilt in the tests
# with the same integer arithmetic: i = 1..100000
big_i <- 1:100000
big_g <- big_i %% 2
big_time <- (big_i * 7919) %% 1009 + 1 + big_g * ((big_i * 31) %% 200)
big_event <- as.integer((big_i * 13) %% 10 < 7)
big_x2 <- big_i %% 5

# ties and censoring at event times
tie_time  <- c(2, 2, 2, 3, 3, 5, 5, 5, 7, 8, 8, 10, 10, 12)
tie_event <- c(1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1, 0)
tie_group <- c(1, 2, 1, 2, 1, 1, 2, 2, 1, 2, 1, 1, 2, 2)

# ---------------------------------------------------------------- Kaplan-Meier
km <- function(label, time, event, level = 0.95, at = NULL) {
  hdr(paste0("KM ", label, "  survfit(Surv(time, event) ~ 1, conf.type = 'log-log', conf.int = ", level, ")"))
  f <- survfit(Surv(time, event) ~ 1, conf.type = "log-log", conf.int = level)
  s <- summary(f, censored = TRUE)
  p("time", s$time); p("n_risk", s$n.risk); p("n_event", s$n.event); p("n_censor", s$n.censor)
  p("survival", s$surv); p("std_err", s$std.err); p("ci_low", s$lower); p("ci_high", s$upper)
  tab <- summary(f)$table
  p("median", tab[c("median", paste0(level, "LCL"), paste0(level, "UCL"))])
  if (!is.null(at)) {
    sa <- summary(f, times = at, extend = TRUE)
    p("at_times", at); p("at_surv", sa$surv); p("at_lower", sa$lower); p("at_upper", sa$upper)
  }
}
km("aml pooled", aml_time, aml_status, at = c(0, 8, 10, 30, 47, 161))
km("aml Maintained, level 0.90", aml_time[aml_x == 0], aml_status[aml_x == 0], level = 0.90)
km("ties", tie_time, tie_event, at = c(1, 2, 4, 10, 12))
km("median exactly 0.5", c(1, 2, 3, 4), c(1, 1, 1, 1))
km("lung subset", l$time, l$event)
km("single subject, event", 5, 1)
km("all events at one time", c(4, 4, 4), c(1, 1, 1))
hdr("KM large deterministic data set: rows at selected times, and the median")
fb <- survfit(Surv(big_time, big_event) ~ 1, conf.type = "log-log")
sb <- summary(fb, times = c(1, 100, 500, 1000, 1200))
p("at_times", sb$time); p("at_n_risk", sb$n.risk); p("at_surv", sb$surv); p("at_std_err", sb$std.err)
p("at_lower", sb$lower); p("at_upper", sb$upper)
p("n_rows", length(fb$time)); p("median", summary(fb)$table[c("median", "0.95LCL", "0.95UCL")])

# ---------------------------------------------------------------- log-rank
lr <- function(label, time, event, group) {
  hdr(paste0("log-rank ", label, "  survdiff(Surv(time, event) ~ group)"))
  r <- tryCatch(survdiff(Surv(time, event) ~ group), error = function(e) { cat("  error:", conditionMessage(e), "\n"); NULL })
  if (is.null(r)) return(invisible())
  cat("  levels:", names(r$n), "\n")
  p("n", as.vector(r$n)); p("observed", r$obs); p("expected", r$exp)
  p("chisq", r$chisq); p("df", sum(r$exp > 0) - 1); p("p", r$pvalue)
  p("var", as.vector(r$var))
}
lr("aml by x", aml_time, aml_status, aml_x)
lr("lung subset by ecog (3 groups)", l$time, l$event, l$ecog)
lr("ties", tie_time, tie_event, tie_group)
lr("group 2 has no events", c(1, 2, 3, 4, 5, 6, 2, 3), c(1, 1, 1, 0, 0, 0, 0, 0), c(1, 1, 1, 2, 2, 2, 2, 2))
lr("group 3 censored before first event", c(2, 3, 4, 5, 6, 7, 1, 1), c(1, 1, 0, 1, 1, 0, 0, 0), c(1, 1, 1, 2, 2, 2, 3, 3))
lr("all events at one time", c(3, 3, 3, 3), c(1, 1, 1, 1), c(1, 1, 2, 2))
lr("large deterministic, by i %% 2", big_time, big_event, big_g)
lr("large deterministic, by i %% 5", big_time, big_event, big_x2)

# ---------------------------------------------------------------- Cox
cx <- function(label, fml, data) {
  hdr(paste0("Cox ", label, "  coxph(", deparse(fml), ", ties = 'efron')"))
  f <- tryCatch(withCallingHandlers(coxph(fml, data = data, ties = "efron"),
                  warning = function(w) { cat("  warning:", conditionMessage(w), "\n"); invokeRestart("muffleWarning") }),
                error = function(e) { cat("  error:", conditionMessage(e), "\n"); NULL })
  if (is.null(f)) return(invisible())
  s <- summary(f)
  p("coef", coef(f)); p("se", sqrt(diag(vcov(f))))
  p("hr", s$conf.int[, 1]); p("hr_low", s$conf.int[, 3]); p("hr_high", s$conf.int[, 4])
  p("z", s$coefficients[, "z"]); p("p", s$coefficients[, "Pr(>|z|)"])
  p("loglik", f$loglik)
  # summary()$waldtest is rounded to 2 digits, so take the unrounded statistic from the fit
  df <- length(coef(f))
  p("lr_test", s$logtest); p("wald_test", c(f$wald.test, df, pchisq(f$wald.test, df, lower.tail = FALSE)))
  p("score_test", s$sctest)
  p("iter", f$iter)
  p("vcov", as.vector(vcov(f)))
}
cx("aml ~ x", Surv(time, status) ~ x, data.frame(time = aml_time, status = aml_status, x = aml_x))
cx("ovarian ~ age + rx + ecog.ps", Surv(futime, fustat) ~ age + rx + ecog.ps, ov)
cx("lung subset ~ sex + age", Surv(time, event) ~ sex + age, l)
cx("ties ~ group", Surv(time, event) ~ g, data.frame(time = tie_time, event = tie_event, g = tie_group - 1))
cx("all events at one time", Surv(time, event) ~ x, data.frame(time = rep(5, 5), event = rep(1, 5), x = c(0, 0, 1, 1, 1)))
cx("treated group has no events", Surv(time, event) ~ x,
   data.frame(time = c(1, 2, 3, 4, 5, 6, 7, 8), event = c(1, 1, 1, 1, 0, 0, 0, 0), x = c(0, 0, 0, 0, 1, 1, 1, 1)))
cx("constant covariate", Surv(time, event) ~ x, data.frame(time = c(1, 2, 3, 4), event = c(1, 1, 0, 1), x = c(1, 1, 1, 1)))
cx("collinear covariates (x2 = 2 * x1)", Surv(time, event) ~ x1 + x2,
   data.frame(time = tie_time, event = tie_event, x1 = tie_group, x2 = 2 * tie_group))
cx("large deterministic ~ g + x2", Surv(time, event) ~ g + x2, data.frame(time = big_time, event = big_event, g = big_g, x2 = big_x2))
hdr("Cox aml ~ x at level 0.90: summary(fit, conf.int = 0.90)$conf.int")
s90 <- summary(coxph(Surv(time, status) ~ x, data.frame(time = aml_time, status = aml_status, x = aml_x), ties = "efron"), conf.int = 0.90)
p("hr_low_90", s90$conf.int[, 3]); p("hr_high_90", s90$conf.int[, 4])
cx("single subject", Surv(time, event) ~ x, data.frame(time = 3, event = 1, x = 1))
# convergence check: the same fits with a much tighter tolerance (coefficients should agree to ~1e-10)
hdr("tight tolerance refits (eps = 1e-11)")
p("aml coef", coef(coxph(Surv(time, status) ~ x, data.frame(time = aml_time, status = aml_status, x = aml_x), ties = "efron", control = coxph.control(eps = 1e-11, toler.chol = 1e-13, iter.max = 100))))
p("ovarian coef", coef(coxph(Surv(futime, fustat) ~ age + rx + ecog.ps, ov, ties = "efron", control = coxph.control(eps = 1e-11, toler.chol = 1e-13, iter.max = 100))))
p("lung coef", coef(coxph(Surv(time, event) ~ sex + age, l, ties = "efron", control = coxph.control(eps = 1e-11, toler.chol = 1e-13, iter.max = 100))))
