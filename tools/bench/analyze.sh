#!/usr/bin/env bash
# End-to-end timing of `fer analyze` as a user runs it: both shared clips, each variant run in turn, REPEAT rounds
# interleaved so that a noisy machine affects every variant alike. Reports the Analyzer's own frame-loop time (model
# loading and JVM start excluded) and the whole command's wall time, as ms per frame and frames per second.
# Usage: tools/bench/analyze.sh [REPEAT] [OUT.md]      (defaults: 3, docs/bench/analyze.md)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="${FER_DATA_DIR:-$root/../shared/data}"
repeat="${1:-3}"
report="${2:-$root/docs/bench/analyze.md}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/fer" --version >/dev/null   # builds the command line once, outside the timings

variants=(
  "default|"
  "default, --no-annotate|--no-annotate"
  "default, --no-report|--no-report"
  "default, --video-codec mpeg4 --no-report|--video-codec mpeg4 --no-report"
  "default, --sequential|--sequential"
  "haar + PyTorch float (the previous default)|--detector haar --engine pytorch"
)
clips=(short_hamilton_clip.mp4 clip_01_tears_of_steel.mp4)
declare -A loop wall frames faces
for ((r = 1; r <= repeat; r++)); do
  for v in "${variants[@]}"; do
    name="${v%%|*}"; flags="${v#*|}"
    for c in "${clips[@]}"; do
      t0=$(date +%s.%N)
      # shellcheck disable=SC2086
      line=$("$root/fer" analyze "$data/video/$c" --out "$work/out" $flags 2>/dev/null)
      line="${line%%$'\n'*}"
      t1=$(date +%s.%N)
      # "<clip>: N frames, F faces, T tracks in S s (R frames/s)"
      n=$(sed -E 's/.*: ([0-9]+) frames.*/\1/' <<<"$line")
      f=$(sed -E 's/.* ([0-9]+) faces.*/\1/' <<<"$line")
      s=$(sed -E 's/.* in ([0-9.]+) s .*/\1/' <<<"$line")
      key="$name|$c"
      loop[$key]="${loop[$key]:-} $s"; wall[$key]="${wall[$key]:-} $(echo "$t1 - $t0" | bc -l)"
      frames[$key]=$n; faces[$key]=$f
      echo "round $r: $name, $c: $line" >&2
    done
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
{
  echo "# fer analyze, end to end"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), median of $repeat rounds."
  echo "Command: \`tools/bench/analyze.sh $repeat\`. Loop: the Analyzer's frame loop (decode, detect, classify, write);"
  echo "command: the whole \`./fer analyze\` call including JVM start and model loading."
  echo
  echo "| variant | clip | frames | faces | loop ms/frame | loop frames/s | command s |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  for v in "${variants[@]}"; do
    name="${v%%|*}"
    for c in "${clips[@]}"; do
      key="$name|$c"
      s=$(median <<<"${loop[$key]}"); w=$(median <<<"${wall[$key]}")
      printf '| %s | %s | %s | %s | %.1f | %.0f | %.2f |\n' "$name" "$c" "${frames[$key]}" "${faces[$key]}" \
        "$(echo "1000 * $s / ${frames[$key]}" | bc -l)" "$(echo "${frames[$key]} / $s" | bc -l)" "$w"
    done
  done
} > "$report"
cat "$report"
