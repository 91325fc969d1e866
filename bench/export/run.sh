#!/usr/bin/env bash
# Measures "tailor export" against the Neo4j Python driver's to_df() on
# the graph at NEO4J_URI (default bolt://127.0.0.1:7687); it only reads.
#
# Environment: NEO4J_URI, BENCH_VENV (virtual environment to create or
# reuse, default /tmp/tailor-bench-export-venv), REPEAT (runs per side,
# default 3), PYTHON (default python3). Extra arguments go to compare.py.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${BENCH_VENV:-/tmp/tailor-bench-export-venv}"
bin="$(mktemp -d)/tailor"

(cd "$repo" && go build -o "$bin" ./cmd/tailor)

if [ ! -x "$venv/bin/python" ]; then
	"${PYTHON:-python3}" -m venv "$venv"
fi

"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

"$venv/bin/python" "$here/compare.py" --tailor "$bin" --uri "${NEO4J_URI:-bolt://127.0.0.1:7687}" --repeat "${REPEAT:-3}" "$@"

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
