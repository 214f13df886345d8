#!/usr/bin/env bash
# Architecture II: the same benchmarks on the tree before (BEFORE, a checkout of 35a438e) and after
# (AFTER, this checkout), interleaved in one run on an idle machine, REPEATS times each.
# Usage: BEFORE=/path/to/old/checkout AFTER=. bash bench/results/2026-12-02/arch2-before-after.sh > out.jsonl
set -euo pipefail
BEFORE=${BEFORE:?checkout of the tree before Architecture II, built}
AFTER=${AFTER:-.}
REPEATS=${REPEATS:-3}
run() { # tree label args...
  local tree=$1 label=$2; shift 2
  node "$tree/apps/cli/dist/main.js" "$@" --json 2>/dev/null | sed "s/^{/{\"tree\":\"$label\",/"
}
for r in $(seq 1 "$REPEATS"); do
  for t in before after; do
    tree=$BEFORE; [ $t = after ] && tree=$AFTER
    run "$tree" $t bench cuba --neurons 4000 --duration 1 --seed 1
    run "$tree" $t bench coba --neurons 4000 --duration 1 --seed 1
    run "$tree" $t bench cuba --neurons 64000 --duration 1 --seed 1
    run "$tree" $t bench pbit
    run "$tree" $t bench pbit-async
  done
done
