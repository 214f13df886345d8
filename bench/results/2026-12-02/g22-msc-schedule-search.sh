#!/bin/bash
# G22 TTS99 schedule search (docs/probabilistic.md §6): 40 runs a seed, one thread, appends one
# JSON line per (setting, seed) to g22-msc-schedule-search.jsonl. Usage: $0 label seed sweeps beta0 beta1
label=$1; seed=$2; sweeps=$3; b0=$4; b1=$5
out=$(node apps/cli/dist/main.js ising maxcut --graph "$SPINSNN_DATA/gset/G22.txt" --sampler msc --words 4 --schedule geometric \
  --beta0 "$b0" --beta1 "$b1" --sweeps "$sweeps" --quench 1 --runs 40 --threads 1 --seed "$seed" --no-plot --json)
echo "$out" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const o=JSON.parse(s);console.log(JSON.stringify({label:'$label',seed:$seed,sweeps:$sweeps,beta0:$b0,beta1:$b1,hits:o.hits,runs:o.runs,cpuS:o.cpuS,cpuPerRun:+(o.cpuS/o.runs).toFixed(3),tts99CpuS:o.tts99CpuS}))})" \
  >> "$(dirname "$0")/g22-msc-schedule-search.jsonl"
