"""Run desist's Spark queries in a local SparkSession (for scripts/check-spark.mjs).

    python3 spark_run.py JOB.json OUT.json

JOB: {"ansi": ["false", "true"], "datasets": {ID: {"cohort": PARQUET, "charges": ..., "custody": ...}},
      "queries": [{"id", "dataset", "sql"}]}
Each dataset's three tables are registered as global temporary views global_temp.cohort,
global_temp.charges and global_temp.custody (every column a string: the Parquet files hold the
rows DuckDB read from the CSVs with all_varchar), and each query runs once per
spark.sql.ansi.enabled value. OUT: {"spark": VERSION, "results": [{"id", "ansi", "rows"} or
{"id", "ansi", "error"}]}, dates as yyyy-mm-dd text.
"""
import datetime
import decimal
import json
import sys

from pyspark.sql import SparkSession


def plain(v):
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()[:10]
    if isinstance(v, decimal.Decimal):
        return float(v)
    return v


def main(job_path, out_path):
    with open(job_path, encoding='utf-8') as f:
        job = json.load(f)
    spark = (
        SparkSession.builder.master('local[2]')
        .appName('desist-check-spark')
        .config('spark.ui.enabled', 'false')
        .config('spark.sql.shuffle.partitions', '4')
        .config('spark.sql.session.timeZone', 'UTC')
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel('ERROR')
    results = []
    for ansi in job['ansi']:
        spark.conf.set('spark.sql.ansi.enabled', ansi)
        loaded = None
        for q in job['queries']:
            try:
                if loaded != q['dataset']:
                    for role, path in job['datasets'][q['dataset']].items():
                        spark.read.parquet(path).createOrReplaceGlobalTempView(role)
                    loaded = q['dataset']
                sql = q['sql'].strip()
                if sql.endswith(';'):
                    sql = sql[:-1]
                rows = [{k: plain(v) for k, v in r.asDict().items()} for r in spark.sql(sql).collect()]
                results.append({'id': q['id'], 'ansi': ansi, 'rows': rows})
            except Exception as e:  # the query's failure is its result
                first = (str(e).strip().splitlines() or [''])[0]
                results.append({'id': q['id'], 'ansi': ansi, 'error': type(e).__name__ + ': ' + first[:400]})
            total = len(job['ansi']) * len(job['queries'])
            if len(results) % 20 == 0 or len(results) == total:
                print(f'spark_run: {len(results)} of {total} queries run', file=sys.stderr, flush=True)
    with open(out_path, 'w', encoding='utf-8') as f:
        json.dump({'spark': spark.version, 'results': results}, f)
    spark.stop()


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
