#!/usr/bin/env bash
# Long-video check of `fer analyze` (issue 46, item 4): bounded memory and kill -9 + --resume. Not run by CI.
#   1. loops ../shared/data/video/short_hamilton_clip.mp4 into a MINUTES-long video at FPS frames/s (in a temp folder)
#   2. plain run:    fer analyze VIDEO --out A            (RSS sampled every SAMPLE_S s from /proc/PID/status VmRSS)
#   3. resume run:   fer analyze VIDEO --out B --resume   killed with kill -9 KILL_DELAY_S seconds after KILL_AT segments
#                    (of 60 s) are complete, then run again with --resume to the end; RSS sampled in both
#   4. with FULL=1:  an uninterrupted --resume run into C, whose .jsonl must equal B's byte for byte
# Prints the RSS after warm-up (the first sample WARMUP_S=180 s or more after the command started: the JVM's heap grows
# for the first 2-3 minutes), middle (halfway between that and the end) and end, the maximum, and the wall times; the
# raw samples stay in $KEEP (default: a temp folder, printed).
# Usage: tools/bench/long-video.sh [MINUTES=30] [FPS=10] [KILL_AT=half the segments]
#   env: SAMPLE_S=10 (RSS sampling period), KILL_DELAY_S=20 (seconds into the next segment), FULL=0, KEEP=dir
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="${FER_DATA_DIR:-$root/../shared/data}"
minutes="${1:-30}"
fps="${2:-10}"
segments=$(( (minutes * 60 + 59) / 60 ))
kill_at="${3:-$(( segments / 2 ))}"
sample_s="${SAMPLE_S:-10}"
work="$(mktemp -d)"
keep="${KEEP:-$work/results}"
mkdir -p "$keep"
trap 'rm -rf "$work/video.mp4" "$work/A" "$work/B" "$work/C"' EXIT
"$root/fer" --version >/dev/null   # builds the command line once, outside the timings

video="$work/video.mp4"
java -cp "$root/fer-cli/target/fer.jar" "$root/tools/bench/LoopVideo.java" "$data/video/short_hamilton_clip.mp4" "$video" "$minutes" "$fps"
ls -l "$video"

# sample PID LOG: one line "seconds_since_start rss_kib" every sample_s seconds while the process lives
sample() {
  local pid=$1 log=$2 t0 now rss
  t0=$(date +%s.%N)
  while rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null) && [[ -n "$rss" ]]; do
    now=$(date +%s.%N)
    echo "$(awk -v a="$t0" -v b="$now" 'BEGIN {printf "%.0f", b - a}') $rss" >>"$log"
    sleep "$sample_s"
  done
}

# run NAME ARGS...: runs fer analyze in the background, samples it, waits; sets $pid while running
run() {
  local name=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$root/fer" analyze "$video" "$@" >"$keep/$name.out" 2>"$keep/$name.err" &
  pid=$!
  echo "$pid" >"$keep/$name.pid"
  sample "$pid" "$keep/$name.rss" &
  local sampler=$!
  local rc=0
  wait "$pid" || rc=$?
  wait "$sampler" || true
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f\n", b - a}' >"$keep/$name.wall"
  echo "$name: exit $rc, $(cat "$keep/$name.wall") s" >&2
  return 0
}

report() {
  local name=$1 f="$keep/$1.rss"
  awk -v n="$name" -v wall="$(cat "$keep/$name.wall")" -v warm="${WARMUP_S:-180}" '
    { t[NR] = $1; r[NR] = $2; if ($2 > max) max = $2; if (!s && $1 >= warm) s = NR }
    END {
      if (!s) s = NR; m = int((s + NR) / 2)
      printf "| %s | %s s | %.0f MiB (t=%s s) | %.0f MiB (t=%s s) | %.0f MiB (t=%s s) | %.0f MiB | %d |\n",
        n, wall, r[s] / 1024, t[s], r[m] / 1024, t[m], r[NR] / 1024, t[NR], max / 1024, NR
    }' "$f"
}

run plain --out "$work/A"

# the resume run, killed once kill_at segments are complete and half of the next one is done
(
  while [[ $(find "$work/B" -maxdepth 2 -name 'seg-?????' -type d 2>/dev/null | wc -l) -lt $kill_at ]]; do sleep 2; done
  sleep "${KILL_DELAY_S:-20}"
  kill -9 "$(cat "$keep/resume-killed.pid")"   # ./fer execs java: this is the JVM started above
  echo "killed at $(date +%T) with $(find "$work/B" -maxdepth 2 -name 'seg-?????' -type d | wc -l) segments complete" >"$keep/killed.txt"
) &
killer=$!
run resume-killed --out "$work/B" --resume
wait "$killer" || true
cat "$keep/killed.txt"
run resume-rest --out "$work/B" --resume
grep -h "resumed" "$keep/resume-rest.err" || true

if [[ "${FULL:-0}" == 1 ]]; then
  run resume-whole --out "$work/C" --resume
  cmp "$work/B/video.jsonl" "$work/C/video.jsonl" && echo "killed+resumed .jsonl == uninterrupted --resume .jsonl"
fi

echo
echo "| run | wall time | RSS after warm-up | RSS middle | RSS end | RSS max | samples |"
echo "|---|---|---|---|---|---|---|"
for n in plain resume-killed resume-rest resume-whole; do
  [[ -f "$keep/$n.rss" ]] && report "$n"
done
for n in plain resume-rest resume-whole; do
  [[ -f "$keep/$n.out" ]] && { echo "$n: $(head -1 "$keep/$n.out")"; }
done
wc -l "$work"/A/video.jsonl "$work"/B/video.jsonl 2>/dev/null || true
ls -l "$work"/A "$work"/B
echo "samples and logs: $keep"
