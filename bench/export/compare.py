"""Compare "tailor export" with the Neo4j Python driver's Result.to_df().

Both run the same Cypher statements (the export's files in cypher/) on the
same server. The script runs each side --repeat times, interleaved, and
prints the median rows per second per table and in total as a Markdown
table. It only reads the graph.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from neo4j import GraphDatabase

REPO = Path(__file__).resolve().parents[2]

# Export table name to the statement file that streams it.
STATEMENTS = {
    "products": "table_product_details",
    "attributes": "table_attributes",
    "edges": "table_edges",
    "queries": "table_queries",
    "preferences": "table_preference_groups",
    "embeddings": "table_embeddings",
}


def statement(name):
    """Return the one statement of cypher/NAME.cypher without comment lines."""
    text = (REPO / "cypher" / f"{name}.cypher").read_text()
    lines = [line for line in text.splitlines() if line.strip() and not line.strip().startswith("//")]
    return "\n".join(lines).strip().rstrip(";")


def newest_model(driver):
    records, _, _ = driver.execute_query(statement("model_info"), version=None, routing_="r")
    if not records:
        sys.exit("the graph has no trained model; the embeddings table needs one")
    return records[0]["version"]


def run_to_df(driver, tables, version):
    """Return {table: (rows, seconds)} for one to_df pass over tables."""
    out = {}
    for table in tables:
        query = statement(STATEMENTS[table])
        with driver.session(default_access_mode="READ") as session:
            start = time.perf_counter()
            frame = session.run(query, version=version).to_df()
            out[table] = (len(frame), time.perf_counter() - start)
    return out


def run_tailor(binary, uri, fmt, tables):
    """Return {table: (rows, seconds)} from one "tailor export" run."""
    with tempfile.TemporaryDirectory(prefix="tailor-bench-export-") as out:
        proc = subprocess.run(
            [binary, "export", "--format", fmt, "--out", out, "--only", ",".join(tables)],
            env={"NEO4J_URI": uri, "PATH": "/usr/bin:/bin"}, capture_output=True, text=True, check=False,
        )
        if proc.returncode != 0:
            sys.exit(f"tailor export failed ({proc.returncode}): {proc.stderr}")

    result = {}
    for line in proc.stdout.splitlines():
        fields = line.split()
        if fields and fields[0] in tables and len(fields) >= 6:
            result[fields[0]] = (int(fields[1]), float(fields[3]))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tailor", required=True, help="path of the tailor binary")
    parser.add_argument("--uri", default="bolt://127.0.0.1:7687", help="Bolt address of the graph to read")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side")
    parser.add_argument("--tables", default=",".join(STATEMENTS), help="comma-separated tables")
    parser.add_argument("--json", help="also write every run's figures to this file")
    args = parser.parse_args()

    tables = [t.strip() for t in args.tables.split(",") if t.strip()]
    unknown = [t for t in tables if t not in STATEMENTS]
    if unknown:
        sys.exit(f"unknown tables {unknown}; the tables are {', '.join(STATEMENTS)}")

    runs = {"tailor arrow": [], "tailor parquet": [], "python to_df": []}
    # Notifications (such as "relationship type does not exist" on a graph
    # without preference groups) would flood stderr.
    with GraphDatabase.driver(args.uri, auth=None, notifications_min_severity="OFF") as driver:
        version = newest_model(driver)
        for i in range(args.repeat):
            runs["tailor arrow"].append(run_tailor(args.tailor, args.uri, "arrow", tables))
            runs["tailor parquet"].append(run_tailor(args.tailor, args.uri, "parquet", tables))
            runs["python to_df"].append(run_to_df(driver, tables, version))
            print(f"run {i + 1} of {args.repeat} done", file=sys.stderr)

    if args.json:
        Path(args.json).write_text(json.dumps(runs, indent=2))

    def median_rate(side, table):
        return statistics.median(r[table][0] / r[table][1] for r in runs[side] if r[table][1] > 0)

    def median_total(side):
        return statistics.median(sum(r[t][0] for t in tables) / sum(r[t][1] for t in tables) for r in runs[side])

    sides = list(runs)
    print("| table | rows | " + " | ".join(f"{s} rows/s" for s in sides) + " | arrow / to_df | parquet / to_df |")
    print("|---|---:|" + "---:|" * (len(sides) + 2))
    for table in tables:
        rows = runs["python to_df"][0][table][0]
        if rows == 0:
            print(f"| {table} | 0 |" + " – |" * (len(sides) + 2))
            continue
        rates = [median_rate(s, table) for s in sides]
        print(f"| {table} | {rows:,} | " + " | ".join(f"{r:,.0f}" for r in rates)
              + f" | {rates[0] / rates[2]:.1f}× | {rates[1] / rates[2]:.1f}× |")
    totals = [median_total(s) for s in sides]
    print("| all | " + f"{sum(runs['python to_df'][0][t][0] for t in tables):,} | "
          + " | ".join(f"{r:,.0f}" for r in totals) + f" | {totals[0] / totals[2]:.1f}× | {totals[1] / totals[2]:.1f}× |")


if __name__ == "__main__":
    main()
