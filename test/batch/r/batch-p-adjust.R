# Reference values for test/batch/batch.test.ts ("p_adjusted equals R's p.adjust").
# p: the test p-values of the 11 comparisons with a p-value in sample-data/batch.yaml
# (desist batch sample-data/batch.yaml --format json: rows[].p, printed to 17 digits).
# Independent implementation: R's p.adjust. Run: Rscript test/batch/r/batch-p-adjust.R
p <- c(0.000031155233695707048, 0.000013166459018598465, 0.049486299580172810, 0.83652712495712833,
       0.18957197289805677, 0.000057553490352178149, 0.26704181463320892, 0.013739334547144459,
       0.17454266211263095, 0.78057919673564347, 0.18711276368379681)
for (m in c("holm", "hochberg", "BH", "bonferroni")) {
  cat(sprintf("  %s: [%s],\n", m, paste(sprintf("%.15g", p.adjust(p, m)), collapse = ", ")))
}
