"""Parse Trino or Spark queries with sqlglot and transpile them to DuckDB (for
scripts/check-sql-dialects.mjs). Reads [{"sql", "read"}] as JSON on stdin, writes
{"version", "results": [{"duckdb"} | {"error"}]}.

Each query is parsed in its own dialect, generated back as Trino and as Spark (unsupported
constructs raise), and generated as DuckDB. sqlglot 10.6.3 (Debian bookworm's python3-sqlglot)
leaves a few functions untranslated or translates them to DuckDB with another meaning; the
rewrites below, and the DuckDB macros the .mjs script defines (SHIM_MACROS there), are ours,
each with the source dialect's documented meaning. They are listed in docs/sql.md; none of them
touches a function the query uses only in DuckDB.

  - DATE_ADD / Spark's date_add with a non-literal number: sqlglot writes
    `d + INTERVAL n - 1 DAY`, which DuckDB cannot parse; the number is put in parentheses.
  - Spark trunc(d, 'QUARTER') is left as TRUNC, DuckDB's numeric truncation: rewritten to
    date_trunc('quarter', d).
  - Trino try(x) is left as TRY, which DuckDB lacks: x alone, its date parse made a
    TRY_STRPTIME (try() of a failed parse is NULL).
  - Spark to_date(text, format) becomes CAST(STRPTIME(...)), or with 'yyyy-MM-dd'
    CAST(text AS DATE), both of which raise on text that is not a date (2023-13-01), where
    Spark (spark.sql.ansi.enabled=false, Spark 3's default) gives NULL: TRY_STRPTIME and
    TRY_CAST. Under ANSI mode (Spark 4's default) Spark raises too: not checked here.
"""
import json
import sys

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel


def fix(tree):
    for node in list(tree.find_all(exp.DateAdd, exp.TsOrDsAdd)):
        n = node.args.get('expression')
        if n is not None and not isinstance(n, (exp.Literal, exp.Paren)):
            node.set('expression', exp.Paren(this=n.copy()))
    for node in list(tree.find_all(exp.Anonymous)):
        name = node.name.upper()
        if name == 'TRUNC' and len(node.expressions) == 2:
            node.replace(exp.DateTrunc(this=node.expressions[1].copy(), expression=node.expressions[0].copy()))
        elif name == 'TRY' and len(node.expressions) == 1:
            node.replace(node.expressions[0].copy())
    for node in list(tree.find_all(exp.TsOrDsToDate)):
        fmt = node.args.get('format')
        if fmt is None or fmt.name == '%Y-%m-%d':
            node.replace(exp.TryCast(this=node.this.copy(), to=exp.DataType.build('date')))
    return tree


def to_duckdb(sql, read):
    tree = sqlglot.parse_one(sql, read=read)
    for w in ('trino', 'spark'):
        tree.sql(dialect=w, unsupported_level=ErrorLevel.RAISE)
    out = fix(tree).sql(dialect='duckdb', unsupported_level=ErrorLevel.RAISE)
    # Date parses return NULL on text that is not a date (try() in Trino, to_date in Spark).
    return out.replace('TRY_STRPTIME(', 'STRPTIME(').replace('STRPTIME(', 'TRY_STRPTIME(')


def main():
    results = []
    for job in json.load(sys.stdin):
        try:
            results.append({'duckdb': to_duckdb(job['sql'], job['read'])})
        except Exception as e:  # a parse or transpile failure is that query's result
            results.append({'error': type(e).__name__ + ': ' + (str(e).strip().splitlines() or [''])[-1][:300]})
    print(json.dumps({'version': sqlglot.__version__, 'results': results}))


if __name__ == '__main__':
    main()
