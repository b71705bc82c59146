#!/usr/bin/env python3
"""Key-to-screen latency of the dashboard's saliency maps, measured from outside in tmux.

Starts `fmnist-tui dashboard` in a tmux pane, waits for the chosen model's first epoch, opens the misclassified
view and then, for every saliency method (the `s` key) and several images (the right arrow), measures the time
from `tmux send-keys` to the first capture of the pane that shows the maps (no "computing…" left). For
Integrated Gradients that is the first, unrefined map; the time until the refined one ("refining…" gone) is
printed too (--no-poll: only the view's own "computed in", read 1.5 s after each key). Then it goes back to the main screen, waits for the next epoch to end and opens the view again
with Integrated Gradients: the first map of an epoch (--new-epochs times). The pane is captured every --poll
seconds.

Usage: scripts/saliency-latency.py --binary .build/release/fmnist-tui [--model cnn] [--images 8] [--poll 0.01]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

METHODS = {
    "fcnn": ["integrated gradients", "SmoothGrad", "occlusion", "weight templates", "gradient", "gradient × input"],
    "cnn": ["integrated gradients", "SmoothGrad", "occlusion", "Grad-CAM", "gradient", "gradient × input"],
}


# A tmux server of our own: other users' panes on the default server do not share its turns. Its socket is
# removed at the end (tmux leaves it behind).
SOCKET = os.path.join(tempfile.gettempdir(), f"saliency-latency-{os.getpid()}.tmux")
SERVER = ["tmux", "-S", SOCKET]


def tmux(*args):
    return subprocess.run([*SERVER, *args], check=True, capture_output=True, text=True).stdout


def capture(session):
    return tmux("capture-pane", "-p", "-t", session)


def wait_for(session, predicate, timeout, poll):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = capture(session)
        if predicate(screen):
            return time.monotonic(), screen
        time.sleep(poll)
    raise TimeoutError("timed out; the screen:\n" + capture(session))


def maps_shown(screen):
    return "computed in" in screen and "computing…" not in screen


def computed_in(screen):
    found = re.search(r"computed in (\d+) ms(?:, CPU (\d+) ms)?", screen)
    return (int(found.group(1)), int(found.group(2)) if found.group(2) else None) if found else (None, None)


def press(session, key, predicate, timeout, poll):
    """Sends `key`; returns when it was sent, when `predicate` first held for a capture, and that screen."""
    started = time.monotonic()
    tmux("send-keys", "-t", session, key)
    shown, screen = wait_for(session, predicate, timeout, poll)
    return started, shown, screen


def position(screen):
    """The browser's "3 of 57": which misclassified image is shown."""
    found = re.search(r"\b(\d+) of (\d+)\b", screen)
    return found.group(0) if found else None


def measure_key(session, key, method, args, rows):
    before = capture(session)
    if args.no_poll:
        # No capture until the maps are surely there: the view's own figure, without the poller's load.
        tmux("send-keys", "-t", session, key)
        time.sleep(1.5)
        screen = capture(session)
        worker_ms, cpu_ms = computed_in(screen)
        rows.append((method, key, None, None, worker_ms, cpu_ms))
        print(f"{method:22s} key {key:6s} worker: computed in {worker_ms} ms, CPU {cpu_ms} ms", flush=True)
        return

    def showing(screen):
        # A new image must be on screen after →, the misclassified view after m (before the key is read the
        # old maps are still there).
        moved = key != "Right" or position(screen) != position(before)
        opened = key != "m" or "Misclassified ·" in screen
        return f"method {method}" in screen and maps_shown(screen) and moved and opened
    started, shown, screen = press(session, key, showing, 60, args.poll)
    seconds = refined = shown - started
    if "refining" in screen:
        refined_at, screen = wait_for(session, lambda s: showing(s) and "refining" not in s, 60, args.poll)
        refined = refined_at - started
    worker_ms, cpu_ms = computed_in(screen)
    rows.append((method, key, seconds, refined, worker_ms, cpu_ms))
    print(f"{method:22s} key {key:6s} key-to-map {seconds * 1e3:7.1f} ms"
          + (f"  refined {refined * 1e3:7.1f} ms" if refined != seconds else "")
          + f"   worker: computed in {worker_ms} ms, CPU {cpu_ms} ms", flush=True)


def epoch_in_progress(screen, slot_key, name):
    """The epoch the model trains now, from the header's "2 CNN ● training 3/50"; None when not shown."""
    found = re.search(rf"\b{slot_key} {name}\b\D*(\d+)/\d+", screen.splitlines()[0] if screen else "")
    return int(found.group(1)) if found else None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--model", choices=["fcnn", "cnn"], default="cnn")
    parser.add_argument("--images", type=int, default=5, help="images per method (the right arrow)")
    parser.add_argument("--train-limit", type=int, default=12000)
    parser.add_argument("--new-epochs", type=int, default=3, help="epochs whose first map is measured")
    parser.add_argument("--size", default="200x60")
    parser.add_argument("--poll", type=float, default=0.005)
    parser.add_argument("--no-poll", action="store_true",
                        help="only read the view's \"computed in\" 1.5 s after each key (with the sanity check's time)")
    args = parser.parse_args()
    width, height = args.size.split("x")
    runs = tempfile.mkdtemp(prefix="saliency-latency-")
    session = f"saliency-latency-{os.getpid()}"
    command = (f"LANG=C.UTF-8 LC_ALL=C.UTF-8 '{os.path.abspath(args.binary)}' dashboard --models fcnn,cnn "
               f"--train-limit {args.train_limit} --runs-dir '{runs}'")
    tmux("new-session", "-d", "-s", session, "-x", width, "-y", height, command)
    rows = []
    try:
        slot_key = "1" if args.model == "fcnn" else "2"
        name = args.model.upper()
        tmux("send-keys", "-t", session, slot_key)
        # The model's first epoch has ended when the second is in progress.
        wait_for(session, lambda s: (epoch_in_progress(s, slot_key, name) or 0) >= 2, 1800, 0.2)
        methods = METHODS[args.model]
        press(session, "m", maps_shown, 120, args.poll)
        for index, method in enumerate(methods):
            if index > 0:
                measure_key(session, "s", method, args, rows)
            for _ in range(args.images):
                measure_key(session, "Right", method, args, rows)
        # Back to the integrated gradients, then to the main screen; open the view again after the next epoch.
        measure_key(session, "s", methods[0], args, rows)
        print("the first map of a new epoch, opened with m from the main screen:")
        for _ in range(args.new_epochs):
            tmux("send-keys", "-t", session, "Escape")
            _, screen = wait_for(session, lambda s: "Misclassified ·" not in s, 10, args.poll)
            current = epoch_in_progress(screen, slot_key, name)
            # The next epoch's end: its first map comes from the weights the trainer has just handed over.
            wait_for(session, lambda s: (epoch_in_progress(s, slot_key, name) or 0) > current, 1800, args.poll)
            measure_key(session, "m", methods[0], args, rows)
    finally:
        subprocess.run([*SERVER, "send-keys", "-t", session, "q"], capture_output=True)
        time.sleep(3)
        subprocess.run([*SERVER, "kill-server"], capture_output=True)
        if os.path.exists(SOCKET):
            os.remove(SOCKET)
        shutil.rmtree(runs, ignore_errors=True)
    summarize(rows)


def summarize(rows):
    """Per method (and the first maps of new epochs apart): key-to-map median and largest, IG's refined largest,
    the worker's own figures (the view's "computed in" and its CPU time)."""
    groups = {}
    for method, key, seconds, refined, worker_ms, cpu_ms in rows:
        to_ms = (lambda value: value * 1e3 if value is not None else None)
        groups.setdefault(method + (" (first of an epoch)" if key == "m" else ""), []).append(
            (to_ms(seconds), to_ms(refined), worker_ms, cpu_ms))
    print("\nms, median / largest:")
    for name, values in groups.items():
        def column(index):
            found = sorted(v[index] for v in values if v[index] is not None)
            return f"{found[len(found) // 2]:5.0f} / {found[-1]:5.0f}" if found else "    – /     –"
        print(f"  {name:40s} n={len(values):2d}  key-to-map {column(0)}  refined {column(1)}  "
              f"worker {column(2)}  worker CPU {column(3)}")


if __name__ == "__main__":
    sys.exit(main())
