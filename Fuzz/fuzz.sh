#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/Targets (AddressSanitizer on, preconditions on) and runs each for
# FUZZ_SECONDS (default 60). The package's modules are compiled once with coverage instrumentation into
# .build-fuzz; each target is one file linked against their objects.
# Usage: Fuzz/fuzz.sh [TARGET...]   (default: every target; see TARGETS below)
# Corpora grow in .build-fuzz/corpus/TARGET (seeded by Fuzz/make-seeds.py from real files); a crash is written
# to .build-fuzz/crashes/TARGET/ and ends the script with status 1. A summary line per target is printed last.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=.build-fuzz
SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
# target name → source file in Fuzz/Targets and, for the run folder, the file the input replaces.
declare -A SOURCE=([idx]=IDX [pth]=PyTorchCheckpoint [pickle]=Pickle [safetensors]=SafeTensors [theme]=Theme
                   [run-config]=RunFolder [run-metrics]=RunFolder [run-test]=RunFolder [run-state]=RunFolder)
declare -A RUN_FILE=([run-config]=config.json [run-metrics]=metrics.jsonl [run-test]=test.json [run-state]=state)
TARGETS=(idx pth pickle safetensors theme run-config run-metrics run-test run-state)
[ $# -gt 0 ] && TARGETS=("$@")

# Reports brings Training, NeuralNet, FashionMNIST, ModelFiles and ProgramInfo; TerminalUI is apart.
for module in Reports TerminalUI; do
    # One -sanitize=fuzzer,address: given as two flags (SwiftPM's --sanitize), the driver kept only one of them.
    FMNIST_CHECKED=1 swift build -c release --scratch-path $SCRATCH -Xswiftc -sanitize=fuzzer,address \
        -Xswiftc -enable-testing --target $module
done
BUILD=$SCRATCH/release
objects=()
for module in Reports Training NeuralNet CAVX512 FashionMNIST ModelFiles ProgramInfo TerminalUI; do
    objects+=($BUILD/$module.build/*.o)
done
mkdir -p $SCRATCH/fuzzers
for source in $(printf '%s\n' "${TARGETS[@]}" | while read -r t; do echo "${SOURCE[$t]}"; done | sort -u); do
    binary=$SCRATCH/fuzzers/$source
    if [ ! -x "$binary" ] || [ -n "$(find Fuzz/Targets/$source.swift "${objects[@]}" -newer "$binary" | head -1)" ]; then
        swiftc -O -parse-as-library -sanitize=fuzzer,address -enable-testing -I $BUILD/Modules \
            -I Sources/CZlib -I Sources/CBLAS -I Sources/CNcurses -Xcc -fmodule-map-file=$BUILD/CAVX512.build/module.modulemap \
            Fuzz/Targets/$source.swift "${objects[@]}" -lopenblas -lz -use-ld=lld -o "$binary"
    fi
done

summary=()
status=0
for target in "${TARGETS[@]}"; do
    corpus=$SCRATCH/corpus/$target
    crashes=$SCRATCH/crashes/$target
    mkdir -p "$corpus" "$crashes"
    if [ -z "$(ls -A "$corpus")" ]; then
        seeds=$(mktemp -d)
        python3 Fuzz/make-seeds.py "$seeds"
        cp "$seeds/$target"/* "$corpus"/
        rm -rf "$seeds"
    fi
    log=$SCRATCH/fuzz-$target.log
    echo "fuzzing $target for ${SECONDS_PER_TARGET}s (log: $log)"
    # -detect_leaks=0: LeakSanitizer reports blocks of FoundationEssentials' file reading (Data(contentsOf:) of an
    # empty file, in the run folder targets) as leaked; not the package's code, and it stopped those targets at once.
    if ! ASAN_OPTIONS=detect_leaks=0 FMNIST_FUZZ_FILE=${RUN_FILE[$target]:-} $SCRATCH/fuzzers/${SOURCE[$target]} "$corpus" \
            -max_total_time="$SECONDS_PER_TARGET" -artifact_prefix="$crashes/" -print_final_stats=1 \
            -max_len=65536 -detect_leaks=0 >"$log" 2>&1; then
        echo "CRASH in $target: see $log and $crashes/"
        status=1
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    # slow-unit-* files are inputs that took over 10 s of wall time (on a starved CPU, under nice): not crashes.
    summary+=("$(printf '%-12s %10s execs %7s execs/s  %s  crashes: %s' "$target" "${execs:-?}" "${rate:-?}" \
        "${cov:-cov: ?}" "$(ls "$crashes" | grep -vc '^slow-unit-' || true)")")
done
printf '%s\n' "${summary[@]}"
exit $status
