#!/bin/sh
# Trains the same model on the same data with the Go trainer and with the
# PyTorch reference, one after the other, and prints one JSON line per
# run, each preceded by a line naming it with the load average at its
# start. Speed runs train a fixed number of epochs without early
# stopping; one quality run each trains to early stopping.
#
# Arguments: the folder of Arrow IPC tables (go run ./bench/trainexp
# -dump DIR), the Python interpreter of a virtual environment with
# bench/torch/requirements.txt, and optionally the epochs per speed run
# (default 5).
#
#	sh bench/compare.sh /tmp/tailor-tables /tmp/tailor-torch/bin/python
set -eu

tables=$1
python=$2
epochs=${3:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/trainexp" ./bench/trainexp
"$work/trainexp" -tables "$tables" -export "$work/data.json" 2>/dev/null

load() { cut -d' ' -f1 /proc/loadavg; }

for procs in 2 1; do
	echo "go speed GOMAXPROCS=$procs epochs=$epochs load $(load)"
	GOMAXPROCS=$procs "$work/trainexp" -tables "$tables" -config "{\"Epochs\":$epochs,\"Patience\":0}" 2>/dev/null
done

for threads in 2 1; do
	for dtype in float32 float64; do
		echo "torch speed threads=$threads $dtype epochs=$epochs load $(load)"
		"$python" bench/torch/reference.py --data "$work/data.json" --threads "$threads" --dtype "$dtype" \
			--epochs "$epochs" --patience 0 2>/dev/null | tail -n 1
	done
done

echo "go quality GOMAXPROCS=2 load $(load)"
"$work/trainexp" -tables "$tables" 2>/dev/null

echo "torch quality threads=1 float32 load $(load)"
"$python" bench/torch/reference.py --data "$work/data.json" --threads 1 2>/dev/null | tail -n 1
