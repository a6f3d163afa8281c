#!/usr/bin/env bash
# How much of frontline's own code (src/) a fuzz target's corpus reaches, and, given a
# time, how much the inputs found since then added: the plateau test that libFuzzer's
# `cov` (which counts every instrumented edge, dependencies included) cannot give.
#
#   scripts/fuzz-coverage.sh geoparse                 # regions and lines of src/ reached
#   scripts/fuzz-coverage.sh geoparse '30 min ago'    # and what the last 30 minutes added
#
# The corpus is fuzz/corpus/<target> plus the seed folders scripts/fuzz.sh reads. With a
# time (anything `date -d` reads), the corpus "as it stood then" is the files written no
# later; libFuzzer only adds files or replaces one with a smaller input of the same
# features, so that is the older corpus or a little less. Counts are over the source files
# the target reaches at all. Needs cargo-fuzz and `rustup component add llvm-tools`
# (added here when missing); builds the target with coverage instrumentation first.
set -euo pipefail

if [ "$#" -lt 1 ] || [ "$#" -gt 2 ]; then
    echo "usage: scripts/fuzz-coverage.sh TARGET [SINCE]" >&2
    exit 2
fi
t=$1
since=${2:-}
cd "$(dirname "$0")/.."
export RUSTC_BOOTSTRAP=1

cut=""
if [ -n "$since" ]; then
    cut=$(date -d "$since" +%s) || { echo "cannot read the time '$since'" >&2; exit 2; }
fi
if [ ! -d "fuzz/corpus/$t" ]; then
    echo "no corpus for '$t' in fuzz/corpus/$t: run scripts/fuzz.sh first" >&2
    exit 2
fi

host=$(rustc -vV | sed -n 's/^host: //p')
llvm="$(rustc --print sysroot)/lib/rustlib/$host/bin"
if [ ! -x "$llvm/llvm-cov" ]; then
    rustup component add llvm-tools >&2
fi

# Builds the instrumented binary; running it on the seeds is quick.
mkdir -p fuzz/logs
if ! nice -n 10 cargo fuzz coverage --sanitizer none "$t" "fuzz/seeds/$t" > "fuzz/logs/coverage-build-$t.log" 2>&1; then
    echo "cargo fuzz coverage $t failed: see fuzz/logs/coverage-build-$t.log" >&2
    exit 1
fi
bin="target/$host/coverage/$host/release/$t"

source scripts/fuzz-common.sh
seeds=("fuzz/seeds/$t")
for d in $(extra_seeds "$t"); do
    seeds+=("$d")
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# report NAME DIR...: runs the binary once over the inputs and writes llvm-cov's per-file
# report of src/ to $work/NAME.txt.
report() {
    local name=$1
    shift
    LLVM_PROFILE_FILE="$work/$name.profraw" nice -n 10 "$bin" -runs=0 -rss_limit_mb=8192 -timeout=60 "$@" \
        > "$work/$name.run" 2>&1 || { echo "the $t binary failed on the corpus:" >&2; tail -n 5 "$work/$name.run" >&2; exit 1; }
    "$llvm/llvm-profdata" merge -sparse "$work/$name.profraw" -o "$work/$name.profdata"
    "$llvm/llvm-cov" report "$bin" -instr-profile="$work/$name.profdata" \
        -ignore-filename-regex='(\.cargo|/rustc/|/fuzz/|/rust/deps/)' > "$work/$name.txt"
}

# File, regions, regions reached, lines, lines reached; files the target reaches at all.
reached() {
    awk '$1 ~ /^src\// && $3 < $2 {print $1, $2, $2 - $3, $8, $8 - $9}' "$1"
}

report now "fuzz/corpus/$t" "${seeds[@]}"
reached "$work/now.txt" > "$work/now.rows"
files=$(wc -l < "$work/now.rows")
awk -v t="$t" -v files="$files" '{r += $2; rr += $3; l += $4; lr += $5}
    END {printf "%s: %d of %d regions (%.1f %%) and %d of %d lines (%.1f %%) reached in the %d source files it touches\n", t, rr, r, 100 * rr / r, lr, l, 100 * lr / l, files}' "$work/now.rows"

if [ -n "$cut" ]; then
    mkdir "$work/then"
    find "fuzz/corpus/$t" -type f ! -newermt "@$cut" -exec ln {} "$work/then/" \; 2>/dev/null || true
    echo "the corpus then: $(find "$work/then" -type f | wc -l) files; now: $(find "fuzz/corpus/$t" -type f | wc -l)"
    report then "$work/then" "${seeds[@]}"
    reached "$work/then.txt" > "$work/then.rows"
    # Regions reached now and not then, per file.
    join -a1 -e0 -o '1.1,1.3,2.3,1.5,2.5' <(sort "$work/now.rows") <(sort "$work/then.rows") |
        awk '{dr = $2 - $3; dl = $4 - $5; R += dr; L += dl; if (dr != 0 || dl != 0) printf "  %s: %+d regions, %+d lines\n", $1, dr, dl}
            END {printf "since then: %+d regions, %+d lines of src/\n", R, L}'
fi
