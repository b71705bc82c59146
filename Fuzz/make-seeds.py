#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target into OUT/<target>/, from real files: the Fashion-MNIST files of
dataset-fashion-mnist, the seed's .pth weights (their data.pkl), the themes, the run folder in Fuzz/run-folder,
and small .pth and .safetensors files written the way torch.save and safetensors write them.
Usage: make-seeds.py OUT"""
import collections, gzip, io, json, os, pickle, struct, sys, types, zipfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATASET = "/usr/share/datasets/fashion-mnist"
SEED_WEIGHTS = os.path.join(REPO, "..", "shared", "seed-weights")


def write(out, target, name, data):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data)


def idx_seeds(out):
    labels = gzip.open(os.path.join(DATASET, "t10k-labels-idx1-ubyte.gz")).read()
    images = gzip.open(os.path.join(DATASET, "t10k-images-idx3-ubyte.gz")).read(16 + 3 * 784)
    three_images = struct.pack(">IIII", 0x803, 3, 28, 28) + images[16:]
    three_labels = struct.pack(">II", 0x801, 3) + labels[8:11]
    write(out, "idx", "labels-3", three_labels)
    write(out, "idx", "images-3", three_images)
    write(out, "idx", "labels-3.gz", gzip.compress(three_labels, mtime=0))
    write(out, "idx", "images-3.gz", gzip.compress(three_images, mtime=0))
    # The real compressed label file (5 KB), whole.
    write(out, "idx", "t10k-labels-idx1-ubyte.gz", open(os.path.join(DATASET, "t10k-labels-idx1-ubyte.gz"), "rb").read())


class FakeTorch:
    """Stand-ins with torch's module and class names, so that pickle writes the globals torch.save writes."""
    torch = types.ModuleType("torch")
    utils = types.ModuleType("torch._utils")


def _rebuild_tensor_v2(*args):
    raise NotImplementedError


_rebuild_tensor_v2.__module__ = "torch._utils"
FakeTorch.utils._rebuild_tensor_v2 = _rebuild_tensor_v2
FloatStorage = type("FloatStorage", (), {"__module__": "torch"})
FakeTorch.torch.FloatStorage = FloatStorage
sys.modules["torch"], sys.modules["torch._utils"] = FakeTorch.torch, FakeTorch.utils


class Storage:
    def __init__(self, key, values):
        self.key, self.values = key, values


class Tensor:
    def __init__(self, storage, shape):
        self.storage, self.shape = storage, shape

    def __reduce__(self):
        stride, step = [], 1
        for d in reversed(self.shape):
            stride.insert(0, step)
            step *= d
        return (_rebuild_tensor_v2, (self.storage, 0, tuple(self.shape), tuple(stride), False, collections.OrderedDict()))


class TorchPickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", FloatStorage, obj.key, "cuda:0", len(obj.values))
        return None


def pth(tensors, folder="archive"):
    """A .pth as torch.save writes a state_dict: folder/data.pkl (protocol 2), folder/data/KEY, byteorder, version."""
    state = collections.OrderedDict()
    storages = []
    for name, shape in tensors:
        count = 1
        for d in shape:
            count *= d
        storage = Storage(str(len(storages)), [0.25 * i - 1 for i in range(count)])
        storages.append(storage)
        state[name] = Tensor(storage, shape)
    pickled = io.BytesIO()
    TorchPickler(pickled, protocol=2).dump(state)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        z.writestr(f"{folder}/data.pkl", pickled.getvalue())
        z.writestr(f"{folder}/byteorder", "little")
        for s in storages:
            z.writestr(f"{folder}/data/{s.key}", struct.pack(f"<{len(s.values)}f", *s.values))
        z.writestr(f"{folder}/version", "3\n")
    return archive.getvalue(), pickled.getvalue()


def model_file_seeds(out):
    small = [("fc1.weight", (3, 4)), ("fc1.bias", (3,)), ("out.weight", (2, 3)), ("out.bias", (2,))]
    conv = [("conv1.weight", (2, 1, 3, 3)), ("conv1.bias", (2,))]
    for name, tensors, folder in [("fcnn", small, "archive"), ("conv", conv, "convNet_model")]:
        archive, pickled = pth(tensors, folder)
        write(out, "pth", name + ".pth", archive)
        write(out, "pickle", name + ".pkl", pickled)
    # The real pickles of the seed's weights (the storages are megabytes: too large for a corpus).
    for weights in ["FNet_model.pth", "convNet_model.pth"]:
        with zipfile.ZipFile(os.path.join(SEED_WEIGHTS, weights)) as z:
            entry = next(n for n in z.namelist() if n.endswith("/data.pkl"))
            write(out, "pickle", weights + ".data.pkl", z.read(entry))
    for name, tensors in [("fcnn", small), ("conv", conv)]:
        header, data = {"__metadata__": {"format": "pt"}}, b""
        for tensor_name, shape in tensors:
            count = 1
            for d in shape:
                count *= d
            header[tensor_name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [len(data), len(data) + 4 * count]}
            data += struct.pack(f"<{count}f", *[0.5 * i for i in range(count)])
        text = json.dumps(header, separators=(",", ":")).encode()
        text += b" " * (-len(text) % 8)
        write(out, "safetensors", name + ".safetensors", struct.pack("<Q", len(text)) + text + data)


def theme_seeds(out):
    themes = os.path.join(REPO, "themes")
    for name in sorted(os.listdir(themes)):
        write(out, "theme", name, open(os.path.join(themes, name), "rb").read())


def run_folder_seeds(out):
    folder = os.path.join(REPO, "Fuzz", "run-folder")
    for name, target in [("config.json", "run-config"), ("state", "run-state"), ("test.json", "run-test"),
                         ("metrics.jsonl", "run-metrics")]:
        data = open(os.path.join(folder, name), "rb").read()
        write(out, target, name, data)
        if name == "metrics.jsonl":
            for number, line in enumerate(data.splitlines(keepends=True)):
                write(out, target, f"line-{number + 1}", line)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for make in [idx_seeds, model_file_seeds, theme_seeds, run_folder_seeds]:
        make(sys.argv[1])
