#!/usr/bin/env bash
# Runs export.ipynb headless against a Tailor export and saves the
# executed notebook and its PNG plots in NOTEBOOK_OUT_DIR.
#
# Environment:
#   TAILOR_EXPORT_DIR  folder of a "tailor export" (required)
#   TAILOR_EVAL_JSON   file with the output of "tailor eval --json" (required)
#   TAILOR_BIN         a tailor binary; when set, run.sh writes the export
#                      (as TAILOR_EXPORT_FORMAT, default parquet) and the
#                      evaluation from the Neo4j at NEO4J_URI if they are missing
#   NOTEBOOK_OUT_DIR   output folder (default notebooks-export/out)
#   NOTEBOOK_VENV      virtual environment to create or reuse
#                      (default ${XDG_CACHE_HOME:-~/.cache}/tailor/notebook-venv)
#   PYTHON             Python 3.11 or later that creates the environment (default python3)
#
# The script exits non-zero when any cell fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

: "${TAILOR_EXPORT_DIR:?set TAILOR_EXPORT_DIR to the folder of a tailor export}"
: "${TAILOR_EVAL_JSON:?set TAILOR_EVAL_JSON to a file with the output of tailor eval --json}"

out="${NOTEBOOK_OUT_DIR:-$here/out}"
venv="${NOTEBOOK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/tailor/notebook-venv}"
python="${PYTHON:-python3}"

if [ -n "${TAILOR_BIN:-}" ]; then
	if ! compgen -G "$TAILOR_EXPORT_DIR/products.*" >/dev/null; then
		"$TAILOR_BIN" export --format "${TAILOR_EXPORT_FORMAT:-parquet}" --out "$TAILOR_EXPORT_DIR"
	fi

	if [ ! -s "$TAILOR_EVAL_JSON" ]; then
		"$TAILOR_BIN" eval --json >"$TAILOR_EVAL_JSON"
	fi
fi

if ! command -v "$python" >/dev/null; then
	echo "run.sh: $python not found; install Python 3.11 or later with venv and pip, or point PYTHON at one" >&2
	exit 1
fi

if [ ! -x "$venv/bin/python" ]; then
	echo "run.sh: creating the virtual environment $venv" >&2
	mkdir -p "$(dirname "$venv")"
	"$python" -m venv "$venv"
fi

"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"

# A kernel spec inside the environment makes the notebook run on its
# Python, whatever kernels the user has installed elsewhere.
"$venv/bin/python" -m ipykernel install --sys-prefix --name tailor-export --display-name "Tailor export" >/dev/null

mkdir -p "$out"

TAILOR_EXPORT_DIR="$(cd "$TAILOR_EXPORT_DIR" && pwd)" \
TAILOR_EVAL_JSON="$(cd "$(dirname "$TAILOR_EVAL_JSON")" && pwd)/$(basename "$TAILOR_EVAL_JSON")" \
NOTEBOOK_OUT_DIR="$(cd "$out" && pwd)" \
MPLBACKEND=module://matplotlib_inline.backend_inline \
	"$venv/bin/jupyter" nbconvert --to notebook --execute \
	--ExecutePreprocessor.kernel_name=tailor-export \
	--ExecutePreprocessor.timeout=600 \
	--output-dir "$out" --output export.ipynb \
	"$here/export.ipynb"

echo "run.sh: executed notebook and plots in $out:"
ls -1 "$out"
