#!/usr/bin/env bash
# Run the Brian2 peer benchmark (bench/peers/brian2_bench.py), installing Brian2 first if needed.
#
#   bash bench/peers/run_brian2.sh cuba --neurons 4000 --duration 1 --seed 1 --json
#   npm run peer:brian2 -- coba --neurons 64000 --json
#   bash bench/peers/run_brian2.sh --help
#
# Brian2 comes from Debian (python3-brian, 2.5.1 on Debian 12: the version docs/benchmarks.md measured),
# so it runs under Debian's own /usr/bin/python3, not whatever python3 is first on PATH (e.g. pyenv).
# Besides Brian2 the targets need: g++ and make (cpp_standalone compiles and links a binary with make;
# cython compiles extensions), python3-dev (Python.h, for cython), and GNU time (/usr/bin/time: the
# script measures the standalone binary's peak RSS through it).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python=/usr/bin/python3
packages=(python3-brian g++ make python3-dev time)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
    echo "run_brian2.sh: missing Debian packages: ${missing[*]} and not root; install them with apt-get" >&2
    exit 2
  fi
  echo "run_brian2.sh: installing ${missing[*]} (apt-get)" >&2
  "${sudo[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >&2
fi

exec "$python" "$here/brian2_bench.py" "$@"
