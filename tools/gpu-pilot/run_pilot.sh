#!/usr/bin/env bash
# Runs the pilot's recipes side by side on one GPU; each writes <tag>.json to $1, all print to $1/all.log.
# usage: run_pilot.sh <out folder> <fer.raw> <budget seconds per run>
set -u
out=$1 data=$2 budget=$3
here=$(dirname "$0")
export PYTHONUNBUFFERED=1
# tag arch epochs seed
runs=("net150 fer-net 150 21" "s150 fer-net-s 150 21" "d150 fer-net-d 150 21")
for r in "${runs[@]}"; do
  set -- $r
  python3 "$here/fer_pilot.py" --data "$data" --out "$out/$1.json" --arch "$2" --epochs "$3" --seed "$4" \
    --budget-s "$budget" >> "$out/all.log" 2>&1 &
done
wait
