#!/usr/bin/env python3
"""Issue #17's speed figures in one run: PyTorch side by side, and one thread against two.

For each model (fcnn, cnn) and batch size (20, 128):
  1. `fmnist-tui bench --against-pytorch SCRIPT --python PY --json` (3 alternated rounds, medians): PyTorch's epoch,
     ours, their ratio, the GEMM floor and epoch / floor;
  2. `fmnist-tui bench --threads 1` and `--threads 2`, alternated --rounds times: the medians and their ratio.
Prints one Markdown table of each, with the CPU, the OpenBLAS kernels, the load average before and after each row
and the range of the cores' round trip (bench's core_round_trip_ns) over the row's two-thread runs: on a virtual
machine two-thread times move with it; then, from the two-thread runs, where each epoch goes: the GEMM floor,
Adam's update alone (optimizer_s), the rest, and how the runs' steps spread (the median step's and the 90th
percentile's medians: stretches of slow steps, where the host gave a core less, show as the two apart); then the
two-thread runs of both steps grouped by that round trip (close: below 220 ns before and after the run; far: 220 ns
or more both times; runs that crossed are left out), with epoch / floor and the speed-up over one thread in each
state; then every round's figures. Nothing is asserted: it reports what it measured.

Usage: scripts/speed-report.py --binary .build/release/fmnist-tui --python /tmp/torchpy
           [--reference ../shared/reference/torch_reference.py] [--batches 600] [--rounds 3]
           [--models fcnn,cnn] [--batch-sizes 20,128] [--gemm auto|openblas]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys


def load():
    return "%.1f" % os.getloadavg()[0]


def round_trip_range(values):
    """'95–380 ns' from bench's core_round_trip_ns fields ([before, after] pairs, or nested lists of them)."""
    flat = []
    def gather(value):
        if isinstance(value, list):
            for item in value:
                gather(item)
        elif isinstance(value, (int, float)):
            flat.append(value)
    gather(values)
    return f"{min(flat):.0f}–{max(flat):.0f} ns" if flat else "–"


# bench's core_round_trip_ns below this, before and after a run: the two cores were close together throughout.
CLOSE_NS = 220


def state(pair):
    """'close', 'far' or None (crossed, or one thread) for one run's [before, after] round trips."""
    if not isinstance(pair, list) or len(pair) != 2 or None in pair:
        return None
    if max(pair) < CLOSE_NS:
        return "close"
    return "far" if min(pair) >= CLOSE_NS else None


def bench(binary, *args):
    completed = subprocess.run([binary, "bench", "--json", *args], capture_output=True, text=True)
    if completed.returncode != 0:
        sys.exit(f"{binary} bench {' '.join(args)} failed (exit {completed.returncode}): {completed.stderr.strip()}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True, help="the fmnist-tui binary to time")
    parser.add_argument("--python", required=True, help="a Python that can import torch")
    parser.add_argument("--reference", default="../shared/reference/torch_reference.py")
    parser.add_argument("--batches", type=int, default=600, help="timed training batches per run")
    parser.add_argument("--rounds", type=int, default=3, help="alternated rounds of each comparison")
    parser.add_argument("--models", default="fcnn,cnn")
    parser.add_argument("--batch-sizes", default="20,128")
    parser.add_argument("--gemm", default="auto", choices=["auto", "openblas"],
                        help="bench's --gemm: our AVX-512 kernels where the CPU has them, or OpenBLAS")
    options = parser.parse_args()
    for path, flag in ((options.binary, "--binary"), (options.reference, "--reference")):
        if not os.path.isfile(path):
            sys.exit(f"{flag} {path}: no such file")

    configurations = [(model, int(size)) for model in options.models.split(",")
                      for size in options.batch_sizes.split(",")]
    side_by_side, scaling, shares, rounds, by_state = [], [], [], [], []
    for model, size in configurations:
        common = ["--model", model, "--batch-size", str(size), "--batches", str(options.batches), "--gemm", options.gemm]
        before = load()
        result = bench(options.binary, *common, "--against-pytorch", options.reference, "--python", options.python,
                       "--repeats", str(options.rounds))
        side_by_side.append((model, size, result, before, load()))
        # Two-thread runs (epoch, floor) by the cores' state: these rounds' and the scaling rounds' below.
        runs = {"close": [], "far": []}
        for epoch, floor, pair in zip(result["epoch_s"], result["floor_s"], result["core_round_trip_ns"]):
            if state(pair):
                runs[state(pair)].append((epoch, floor))
        rounds.append(f"{model} {size}: PyTorch {result['pytorch_epoch_s']}, ours {result['epoch_s']}, "
                      f"floor {result['floor_s']}, cores' round trip {result['core_round_trip_ns']}")

        before = load()
        one, two, peaks, floors, updates, trips, steps = [], [], [], [], [], [], []
        for _ in range(options.rounds):
            one.append(bench(options.binary, *common, "--threads", "1")["epoch_s"])
            result = bench(options.binary, *common, "--threads", "2")
            two.append(result["epoch_s"])
            peaks.append(result["fma_peak_gflops"])
            floors.append(result["floor_s"])
            updates.append(result["optimizer_s"])
            trips.append(result["core_round_trip_ns"])
            steps.append((result["step_s_median"], result["step_s_p90"]))
            if state(result["core_round_trip_ns"]):
                runs[state(result["core_round_trip_ns"])].append((result["epoch_s"], result["floor_s"]))
        by_state.append((model, size, statistics.median(one), runs))
        scaling.append((model, size, statistics.median(one), statistics.median(two), statistics.median(peaks),
                        before, load(), round_trip_range(trips)))
        shares.append((model, size, statistics.median(two), statistics.median(floors), statistics.median(updates),
                       statistics.median(m for m, _ in steps), statistics.median(p for _, p in steps)))
        rounds.append(f"{model} {size}: 1 thread {one}, 2 threads {two}, their floor {floors}, Adam alone {updates}, "
                      f"multiply-add peak {[round(p) for p in peaks]} GFLOP/s, "
                      f"cores' round trip {trips}, steps (median, 90th percentile, ms) "
                      f"{[(round(1000 * m, 2), round(1000 * p, 2)) for m, p in steps]}")
        cpu, kernels = result["cpu"], f"OpenBLAS {result['blas_kernels']} kernels"
        if result.get("openblas_coretype"):
            kernels += f" (chosen by OPENBLAS_CORETYPE={result['openblas_coretype']})"
        if result.get("gemm_kernels") == "avx512":
            kernels = "our AVX-512 GEMM kernels; " + kernels

    print(f"CPU {cpu}, {kernels}; {options.batches} timed batches, {options.rounds} alternated "
          "rounds, medians\n")
    print("| model | batch | PyTorch | ours | PyTorch / ours | GEMM floor | epoch / floor | load | cores' round trip |")
    print("|---|---|---|---|---|---|---|---|---|")
    for model, size, result, before, after in side_by_side:
        ours = result["epoch_s_median"]
        print(f"| {model.upper()} | {size} | {result['pytorch_epoch_s_median']:.2f} s | {ours:.2f} s | "
              f"**{result['ratio']:.2f}×** | {result['floor_s_median']:.2f} s | {ours / result['floor_s_median']:.2f}× "
              f"| {before}–{after} | {round_trip_range(result['core_round_trip_ns'])} |")
    print("\n| model | batch | 1 thread | 2 threads | speed-up | multiply-add peak, 2 threads | load "
          "| cores' round trip |")
    print("|---|---|---|---|---|---|---|---|")
    for model, size, one, two, peak, before, after, trips in scaling:
        print(f"| {model.upper()} | {size} | {one:.2f} s | {two:.2f} s | **{one / two:.2f}×** | {peak:.0f} GFLOP/s "
              f"| {before}–{after} | {trips} |")
    print("\n| model | batch | epoch, 2 threads | GEMM floor | Adam's update alone | the rest | epoch / (floor + Adam) "
          "| steps: median, 90th percentile |")
    print("|---|---|---|---|---|---|---|---|")
    for model, size, epoch, floor, update, median_step, slow_step in shares:
        print(f"| {model.upper()} | {size} | {epoch:.2f} s | {floor:.2f} s | {update:.2f} s | {epoch - floor - update:.2f} s "
              f"| {epoch / (floor + update):.2f}× | {1000 * median_step:.2f} ms, {1000 * slow_step:.2f} ms |")
    print(f"\n| model | batch | cores (round trip) | two-thread runs | epoch, 2 threads | epoch / floor "
          "| 2 threads / 1 |")
    print("|---|---|---|---|---|---|---|")
    for model, size, one, runs in by_state:
        for name, label in (("close", f"close (< {CLOSE_NS} ns)"), ("far", f"far (≥ {CLOSE_NS} ns)")):
            if not runs[name]:
                print(f"| {model.upper()} | {size} | {label} | 0 | – | – | – |")
                continue
            epoch = statistics.median(e for e, _ in runs[name])
            ratio = statistics.median(e / f for e, f in runs[name])
            print(f"| {model.upper()} | {size} | {label} | {len(runs[name])} | {epoch:.2f} s | {ratio:.2f}× "
                  f"| {one / epoch:.2f}× |")
    print("\nRounds (epoch seconds):")
    for line in rounds:
        print(f"- {line}")


if __name__ == "__main__":
    main()
