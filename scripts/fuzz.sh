#!/usr/bin/env bash
# Runs every cargo-fuzz target for N seconds each (default 60), one after the other,
# one job at a time and at low priority, so the machine stays usable.
#
#   scripts/fuzz.sh            # 60 s per target
#   scripts/fuzz.sh 300        # 5 min per target
#   scripts/fuzz.sh 60 html    # only the named targets
#   FUZZ_FLAT=600 scripts/fuzz.sh 7200 html
#                              # stop a target once its coverage has not grown for
#                              # 600 s after loading its corpus, or at 7200 s
#
# Installs cargo-fuzz if it is missing. Works on the stable toolchain: RUSTC_BOOTSTRAP=1
# lets it accept the -Z flags cargo-fuzz passes. FUZZ_SANITIZER=none skips AddressSanitizer
# (the default is address). A crash stops its target, leaves the input in
# fuzz/artifacts/<target>/ and makes the script exit non-zero after the other targets ran.
# Each target's output goes to fuzz/logs/<target>.log too; with FUZZ_FLAT the last line
# says whether the target stopped flat or at the cap.
set -euo pipefail

secs="${1:-60}"
shift || true
flat="${FUZZ_FLAT:-}"
if [ -n "$flat" ] && ! [[ "$flat" =~ ^[1-9][0-9]*$ ]]; then
    echo "FUZZ_FLAT must be a whole number of seconds, not '$flat'" >&2
    exit 2
fi
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

# extra_seeds TARGET: the repository's own folders read as seeds.
source scripts/fuzz-common.sh

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
    mkdir -p fuzz/logs
    log="fuzz/logs/$t.log"
    if [ -z "$flat" ]; then
        if ! nice -n 10 cargo fuzz run --sanitizer "$sanitizer" "$t" "${dirs[@]}" -- "${args[@]}" 2>&1 | tee "$log"; then
            failed+=("$t")
        fi
        continue
    fi
    # Plateau mode: watch libFuzzer's status lines and interrupt it (SIGINT, after which
    # it prints its final stats and exits 72) once `cov` has not grown for $flat seconds.
    # The clock starts when the corpus is loaded (the INITED line).
    setsid nice -n 10 cargo fuzz run --sanitizer "$sanitizer" "$t" "${dirs[@]}" -- "${args[@]}" \
        > >(tee "$log") 2>&1 &
    pid=$!
    cov=-1
    grew=""
    while kill -0 "$pid" 2>/dev/null; do
        sleep 5
        line=$(grep -E '^#[0-9]+.*cov: [0-9]+' "$log" | tail -n 1 || true)
        if [ -z "$grew" ] && grep -q 'INITED' "$log"; then
            grew=$SECONDS
        fi
        now=$(sed -E 's/.*cov: ([0-9]+).*/\1/' <<<"$line")
        if [[ "$now" =~ ^[0-9]+$ ]] && [ "$now" -gt "$cov" ]; then
            cov=$now
            [ -n "$grew" ] && grew=$SECONDS
        fi
        if [ -n "$grew" ] && [ $((SECONDS - grew)) -ge "$flat" ]; then
            verdict="== $t: cov flat at $cov for ${flat}s; stopped"
            kill -INT -- "-$pid" 2>/dev/null || true
            stopped=1
            break
        fi
    done
    status=0
    wait "$pid" || status=$?
    # Stopped here, the run failed only if libFuzzer wrote a crash input.
    if [ "${stopped:-0}" = 1 ] && ! grep -q 'Test unit written to' "$log"; then
        status=0
    fi
    if [ "$status" -ne 0 ]; then
        verdict="== $t: crashed (exit status $status)"
    elif [ "${stopped:-0}" != 1 ]; then
        verdict="== $t: stopped at the ${secs}s cap; cov $cov, last grown $((SECONDS - ${grew:-0}))s before"
    fi
    stopped=0
    # Appended once the fuzzer and its tee are gone, so nothing writes over it.
    wait
    echo "$verdict" | tee -a "$log"
    if [ "$status" -ne 0 ]; then
        failed+=("$t")
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "crashed: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
echo "all targets ran without a crash (${secs}s each${flat:+, or until flat for ${flat}s})"
