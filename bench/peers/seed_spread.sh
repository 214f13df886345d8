#!/usr/bin/env bash
# Rate spread across network seeds, spinsnn vs Brian2 (bench/README.md, "Rate spread across seeds").
#
#   bash bench/peers/seed_spread.sh [SEEDS] [NEURONS]      # defaults: 1-50 64000; ≈ 1 min per side per 50 seeds
#
# 1. spinsnn `bench cuba` once per seed (one process each, as the benchmark runs);
# 2. Brian2's CUBA (brian2_bench.py) for all seeds in one process, cython target (brian2_seeds.py);
# 3. mean, sd, min/max, Welch t, F and Brown–Forsythe tests (seed_spread_stats.py);
# 4. the networks themselves for seeds 1-50: degree distributions vs Binomial(N, p), initial v
#    (cuba_network_stats.mjs, brian2_network_stats.py, network_stats_compare.py).
# Everything runs under nice -n 19, one process at a time (the machine is shared).
set -euo pipefail
seeds=${1:-1-50}
neurons=${2:-64000}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/bench/results/2026-11-28"
tag=$([[ $seeds == 1-50 && $neurons == 64000 ]] && echo cuba64k-seeds || echo "cuba${neurons}-seeds${seeds}")
py=/usr/bin/python3
mkdir -p "$out"
cd "$root"
[[ -f apps/cli/dist/main.js ]] || npm run build

IFS=- read -r lo hi <<<"$seeds"
for s in $(seq "$lo" "${hi:-$lo}"); do
  nice -n 19 node apps/cli/dist/main.js bench cuba --neurons "$neurons" --duration 1 --seed "$s" --json
done >"$out/$tag-spinsnn.jsonl"
nice -n 19 "$py" bench/peers/brian2_seeds.py cuba --neurons "$neurons" --seeds "$seeds" --target cython \
  2>/dev/null >"$out/$tag-brian2.jsonl"
"$py" bench/peers/seed_spread_stats.py "$out/$tag-spinsnn.jsonl" "$out/$tag-brian2.jsonl" | tee "$out/$tag-stats.md"

tmp=$(mktemp -d)
nice -n 19 node bench/peers/cuba_network_stats.mjs --neurons "$neurons" --seeds 1-50 >"$tmp/spinsnn.jsonl"
nice -n 19 "$py" bench/peers/brian2_network_stats.py --neurons "$neurons" --seeds 1-50 2>/dev/null >"$tmp/brian2.jsonl"
"$py" bench/peers/network_stats_compare.py "$tmp/spinsnn.jsonl" "$tmp/brian2.jsonl" | tee "$out/${tag%-seeds*}-network-stats.md"
rm -rf "$tmp"
