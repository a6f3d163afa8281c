#!/usr/bin/env bash
# Runs every cargo-fuzz target for N seconds each (default 60), one after the other,
# one job at a time and at low priority, so the machine stays usable.
#
#   scripts/fuzz.sh            # 60 s per target
#   scripts/fuzz.sh 300        # 5 min per target
#   scripts/fuzz.sh 60 html    # only the named targets
#
# Installs cargo-fuzz if it is missing. Works on the stable toolchain: RUSTC_BOOTSTRAP=1
# lets it accept the -Z flags cargo-fuzz passes. FUZZ_SANITIZER=none skips AddressSanitizer
# (the default is address). A crash stops its target, leaves the input in
# fuzz/artifacts/<target>/ and makes the script exit non-zero after the other targets ran.
set -euo pipefail

secs="${1:-60}"
shift || true
cd "$(dirname "$0")/.."

export RUSTC_BOOTSTRAP=1
sanitizer="${FUZZ_SANITIZER:-address}"

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list)
fi

# Extra read-only seed folders from the repository's own files, per target.
extra_seeds() {
    case "$1" in
        geoparse) echo "examples/articles" ;;
        html) echo "tests/fetch/pages" ;;
        gazetteer) echo "gazetteer/curated" ;;
    esac
}

nice -n 10 cargo fuzz build --sanitizer "$sanitizer"

failed=()
for t in "${targets[@]}"; do
    echo "== $t: ${secs}s"
    corpus="fuzz/corpus/$t"
    mkdir -p "$corpus"
    dirs=("$corpus" "fuzz/seeds/$t")
    for d in $(extra_seeds "$t"); do
        dirs+=("$d")
    done
    args=(-max_total_time="$secs" -max_len=65536 -timeout=30 -rss_limit_mb=4096 -print_final_stats=1)
    if [ -f "fuzz/dicts/$t.dict" ]; then
        args+=(-dict="fuzz/dicts/$t.dict")
    fi
    if ! nice -n 10 cargo fuzz run --sanitizer "$sanitizer" "$t" "${dirs[@]}" -- "${args[@]}"; then
        failed+=("$t")
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "crashed: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
echo "all targets ran ${secs}s without a crash"
