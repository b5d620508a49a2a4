#!/usr/bin/env bash
# Runs several recipes side by side on one GPU; each writes <tag>.json to the out folder, all print to <out>/all.log.
# usage: run_pilot.sh <out folder> <fer.raw> <budget seconds per run> [tag:arch:epochs:seed[:more fer_pilot.py options]]...
# Without run specs it runs session 8's call b: fer-net, fer-net-s and fer-net-d for 150 epochs, seed 21.
# Each run is its own process on its own CPU core; eager PyTorch is bound by per-step overhead, so 5-8 eager runs share
# one GPU at little cost, while runs with --graph saturate it together (docs/experiments.md, "GPU pilot").
set -u
if [ $# -lt 3 ]; then
  echo "usage: $0 <out folder> <fer.raw> <budget seconds per run> [tag:arch:epochs:seed[:options]]..." >&2
  exit 2
fi
out=$1 data=$2 budget=$3
shift 3
runs=("$@")
[ ${#runs[@]} -eq 0 ] && runs=("net150:fer-net:150:21" "s150:fer-net-s:150:21" "d150:fer-net-d:150:21")
here=$(dirname "$0")
export PYTHONUNBUFFERED=1
for r in "${runs[@]}"; do
  IFS=: read -r tag arch epochs seed more <<< "$r"
  # shellcheck disable=SC2086 # more holds several options on purpose
  python3 "$here/fer_pilot.py" --data "$data" --out "$out/$tag.json" --arch "$arch" --epochs "$epochs" --seed "$seed" \
    --budget-s "$budget" ${more:-} >> "$out/all.log" 2>&1 &
done
wait
