#!/usr/bin/env bash
# Measures the load rate of "tailor load catalog" and of the reference
# loads in bench/neo4jload on a catalog from bench/gencatalog, each on an
# empty database of a private Neo4j server that this script restarts.
# It prints one line per run: the rows (products, attribute edges and
# queries) per second, and the peak RSS of the loading process and of
# the Neo4j JVM.
#
# Usage: bench/loadrate.sh STATE_DIR BOLT_PORT HTTP_PORT PRODUCTS RUN...
# where RUN is tailor:BATCH, reload:BATCH (a second "tailor load catalog"
# of the same file, timed alone), fashioniq:BATCH ("tailor load
# fashioniq" from $TAILOR_DATA_DIR), unwind:BATCH:CONCURRENCY or
# loadcsv:BATCH:CONCURRENCY, for example
#
#   bench/loadrate.sh /tmp/bench-neo4j 7692 7482 100000 tailor:5000 unwind:5000:2
#
# The server gets a 2g heap and a 1g page cache; HEAP and PAGECACHE override them.
# NOTE: every run deletes STATE_DIR/neo4j/data; never point it at a server you need.
set -euo pipefail

state=$1 bolt=$2 http=$3 n=$4
shift 4

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

go build -o bin/tailor ./cmd/tailor
go build -o bin/neo4jload ./bench/neo4jload
go build -o bin/gencatalog ./bench/gencatalog

jsonl=/tmp/gencatalog-$n.jsonl
csv=/tmp/gencatalog-$n.csv
[ -f "$jsonl" ] || bin/gencatalog -n "$n" -out "$jsonl"
[ -f "$csv" ] || bin/gencatalog -n "$n" -format csv -out "$csv"

export NEO4J_URI=bolt://127.0.0.1:$bolt

restart() {
	bin/tailor neo4j stop --state-dir "$state" >/dev/null
	rm -rf "$state/neo4j/data"
	bin/tailor neo4j start --state-dir "$state" --bolt-port "$bolt" --http-port "$http" \
		--heap "${HEAP:-2g}" --pagecache "${PAGECACHE:-1g}" >/dev/null 2>&1
}

# peak_rss PID FILE samples the resident set of PID into FILE until it exits.
peak_rss() {
	local max=0 rss
	while rss=$(awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null); do
		[ "$rss" -gt "$max" ] && max=$rss
		echo "$max" >"$2"
		sleep 0.5
	done
}

for run in "$@"; do
	IFS=: read -r mode batch conc <<<"$run"
	restart

	if [ "$mode" = reload ]; then
		bin/tailor load catalog "$jsonl" --dataset gen --batch-size "$batch" >/dev/null 2>&1
	fi
	jvm=$(cat "$state/neo4j/neo4j.pid")
	peak_rss "$jvm" /tmp/loadrate-jvm.$$ &
	sampler=$!
	start=$(date +%s.%N)

	case $mode in
	tailor | reload) cmd=(bin/tailor load catalog "$jsonl" --dataset gen --batch-size "$batch") ;;
	fashioniq) cmd=(bin/tailor load fashioniq --batch-size "$batch") ;;
	unwind) cmd=(bin/neo4jload -mode unwind -file "$jsonl" -batch "$batch" -concurrency "$conc") ;;
	loadcsv) cmd=(bin/neo4jload -mode loadcsv -file "$csv" -batch "$batch" -concurrency "$conc") ;;
	*) echo "unknown run $run" >&2; exit 2 ;;
	esac

	status=0
	/usr/bin/time -f "%M" -o /tmp/loadrate-rss.$$ "${cmd[@]}" >/tmp/loadrate-out.$$ 2>/tmp/loadrate-err.$$ || status=$?
	end=$(date +%s.%N)
	kill "$sampler" 2>/dev/null || true
	wait "$sampler" 2>/dev/null || true

	if [ "$status" -ne 0 ]; then
		printf '%-18s failed after %.0f s: %s\n' "$run" "$(echo "$end - $start" | bc)" "$(grep -m1 -o 'Neo\.[A-Za-z.]*' /tmp/loadrate-err.$$ || tail -n1 /tmp/loadrate-err.$$)"
		continue
	fi

	rows=$(curl -s -X POST "http://127.0.0.1:$http/db/neo4j/query/v2" -H 'Content-Type: application/json' \
		-d '{"statement":"MATCH (p:Product) RETURN count(p) + COUNT { ()-[:HAS_ATTRIBUTE]->() } + COUNT { (:Query) } AS rows"}' |
		sed -E 's/.*"values":\[\[([0-9]+)\]\].*/\1/')
	awk -v run="$run" -v rows="$rows" -v s="$start" -v e="$end" -v rss="$(cat /tmp/loadrate-rss.$$)" \
		-v jvm="$(cat /tmp/loadrate-jvm.$$)" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
		'BEGIN { printf "%-18s rows=%d seconds=%.1f rows_per_second=%.0f loader_peak_rss_mib=%.0f jvm_peak_rss_mib=%.0f load_average=%s\n", run, rows, e - s, rows / (e - s), rss / 1024, jvm / 1024, load }'
done

rm -f /tmp/loadrate-*.$$
bin/tailor neo4j stop --state-dir "$state" >/dev/null
