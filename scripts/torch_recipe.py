"""PyTorch reference for the seed recipe and the improved / fast recipes, run on this machine's CPU as the peer.

A copy of shared/reference/torch_reference.py extended with `--recipe improved|fast` (issue #17): inputs
normalised with (x/255 - 0.2860) / 0.3530, batch 128, AdamW with weight decay on weight tensors only,
linear warm-up then cosine decay to 0 per step, label smoothing 0.1, horizontal flips except footwear
(classes 5, 7, 9) and, for the CNN, random 28x28 crops of the image padded by 2 zeros. The settings
mirror TrainingConfiguration.swift; --full-train trains on all 60k and scores the last weights.

  python scripts/torch_recipe.py train --model cnn --recipe fast --full-train --seed 0

Reads Fashion-MNIST from the Debian package dataset-fashion-mnist and trains the
seed's FNet / convNet exactly as the seed notebook does (batch 20, Adam 1e-3,
dropout 0.2, Linear init N(0, 1/sqrt(n_in)), no normalisation), except that
validation runs on the held-out 12k split (the seed validates on its training
sampler by mistake).

  python torch_reference.py time  --model cnn --batches 600   # s/epoch estimate
  python torch_reference.py train --model cnn --epochs 50 --out res.json
  python torch_reference.py eval  --weights convNet_model.pth --model cnn

Needs PyTorch: python3 -m venv /tmp/torch && /tmp/torch/bin/pip install torch numpy
(about 4.5 GB with its CUDA libraries; it runs on the CPU here). Run it in the same
shell session as the benchmark it is compared with: this machine is shared and noisy,
so only a ratio measured side by side means anything.
"""
import argparse, gzip, json, struct, time, sys
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F

D = "/usr/share/datasets/fashion-mnist/"


def idx(path):
    with gzip.open(D + path) as f:
        data = f.read()
    magic, n = struct.unpack(">II", data[:8])
    if magic == 2051:
        r, c = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, np.uint8, offset=16).reshape(n, 1, r, c)
    return np.frombuffer(data, np.uint8, offset=8)


class FNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2, self.out = nn.Linear(784, 512), nn.Linear(512, 256), nn.Linear(256, 10)
        self.dropout = nn.Dropout(0.2)

    def forward(self, x):
        x = x.view(-1, 784)
        x = self.dropout(F.relu(self.fc1(x)))
        x = self.dropout(F.relu(self.fc2(x)))
        return self.out(x)


class convNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.pool = nn.MaxPool2d(2, 2)
        self.fc1, self.fc2, self.out = nn.Linear(1568, 512), nn.Linear(512, 256), nn.Linear(256, 10)
        self.dropout = nn.Dropout(0.2)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = self.dropout(x.view(-1, 1568))
        x = self.dropout(F.relu(self.fc1(x)))
        x = self.dropout(F.relu(self.fc2(x)))
        return self.out(x)


def make(model):
    m = FNet() if model == "fcnn" else convNet()
    for mod in m.modules():
        if isinstance(mod, nn.Linear):
            mod.weight.data.normal_(0, 1.0 / np.sqrt(mod.in_features))
            mod.bias.data.fill_(0)
    return m


def load():
    xtr = torch.from_numpy(idx("train-images-idx3-ubyte.gz").astype(np.float32) / 255.0)
    ytr = torch.from_numpy(idx("train-labels-idx1-ubyte.gz").astype(np.int64))
    xte = torch.from_numpy(idx("t10k-images-idx3-ubyte.gz").astype(np.float32) / 255.0)
    yte = torch.from_numpy(idx("t10k-labels-idx1-ubyte.gz").astype(np.int64))
    return xtr, ytr, xte, yte


def evaluate(m, x, y, bs=1000):
    m.eval()
    loss, correct = 0.0, 0
    conf = np.zeros((10, 10), np.int64)
    with torch.no_grad():
        for i in range(0, len(x), bs):
            out = m(x[i:i + bs])
            loss += F.cross_entropy(out, y[i:i + bs], reduction="sum").item()
            p = out.argmax(1)
            correct += (p == y[i:i + bs]).sum().item()
            for t, q in zip(y[i:i + bs].tolist(), p.tolist()):
                conf[t, q] += 1
    return loss / len(x), correct / len(x), conf


# The recipes of TrainingConfiguration.swift (the seed recipe is main()'s own path below).
RECIPES = {
    "improved": {"epochs": {"cnn": 50, "fcnn": 50}, "lr": {"cnn": 1e-3, "fcnn": 1e-3}, "warmup_epochs": 1.0, "label_smoothing": 0.1,
                 "weight_decay": {"cnn": 0.05, "fcnn": 0.01}, "crop_padding": {"cnn": 2, "fcnn": 0}},
    "fast": {"epochs": {"cnn": 25, "fcnn": 25}, "lr": {"cnn": 3e-3, "fcnn": 2e-3}, "warmup_epochs": 1.0, "label_smoothing": 0.1,
             "weight_decay": {"cnn": 0.05, "fcnn": 0.01}, "crop_padding": {"cnn": 2, "fcnn": 0}},
}
MEAN, STD = 0.2860, 0.3530
FOOTWEAR = torch.tensor([5, 7, 9])


def augment(x, y, padding, gen):
    """Flips (never of footwear) with p 0.5, then random 28x28 crops of the image padded by `padding` zeros."""
    flip = (torch.rand(len(x), generator=gen) < 0.5) & ~torch.isin(y, FOOTWEAR)
    x = torch.where(flip[:, None, None, None], x.flip(-1), x)
    if padding == 0:
        return x
    padded = F.pad(x, (padding,) * 4)
    span = 2 * padding + 1
    oy, ox = torch.randint(span, (len(x),), generator=gen), torch.randint(span, (len(x),), generator=gen)
    rows = (oy[:, None] + torch.arange(28))[:, :, None]
    cols = (ox[:, None] + torch.arange(28))[:, None, :]
    return padded[torch.arange(len(x))[:, None, None], 0, rows, cols].unsqueeze(1)


def train_recipe(a, m, xtr, ytr, xte, yte):
    """--recipe improved|fast: AdamW, warm-up + cosine per step, label smoothing, augmentation."""
    r = RECIPES[a.recipe]
    peak = r["lr"][a.model]
    epochs = a.epochs if a.epochs_given else r["epochs"][a.model]
    gen = torch.Generator().manual_seed(a.seed)
    perm = np.random.permutation(60000)
    tr, va = (perm, perm[:0]) if a.full_train else (perm[12000:], perm[:12000])
    norm = lambda x: (x - MEAN) / STD
    decay = [p for n, p in m.named_parameters() if n.endswith("weight")]
    rest = [p for n, p in m.named_parameters() if not n.endswith("weight")]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": r["weight_decay"][a.model]},
                             {"params": rest, "weight_decay": 0.0}], lr=peak)
    bs = 128
    steps_per_epoch = (len(tr) + bs - 1) // bs
    total, warmup = epochs * steps_per_epoch, round(r["warmup_epochs"] * steps_per_epoch)

    def rate(step):
        if step < warmup:
            return peak * (step + 1) / warmup
        return peak * 0.5 * (1 + np.cos(np.pi * min(1.0, (step - warmup) / max(1, total - warmup))))

    step, hist, t0 = 0, [], time.perf_counter()
    for ep in range(epochs):
        m.train()
        order = np.random.permutation(tr)
        tl = 0.0
        for b in range(steps_per_epoch):
            ib = torch.from_numpy(order[b * bs:(b + 1) * bs])
            for group in opt.param_groups:
                group["lr"] = rate(step)
            x = norm(augment(xtr[ib], ytr[ib], r["crop_padding"][a.model], gen))
            opt.zero_grad()
            loss = F.cross_entropy(m(x), ytr[ib], label_smoothing=r["label_smoothing"])
            loss.backward()
            opt.step()
            tl += loss.item()
            step += 1
        row = {"epoch": ep + 1, "train_loss": tl / steps_per_epoch, "elapsed_s": time.perf_counter() - t0}
        if len(va):
            row["valid_loss"], row["valid_acc"], _ = evaluate(m, norm(xtr[torch.from_numpy(va)]), ytr[torch.from_numpy(va)])
        hist.append(row)
        print(json.dumps(hist[-1]), flush=True)
    wall = time.perf_counter() - t0
    _, acc, _ = evaluate(m, norm(xte), yte)
    res = {"model": a.model, "recipe": a.recipe, "epochs": epochs, "full_train": a.full_train, "seed": a.seed,
           "threads": a.threads, "wall_s": wall, "test_acc_last": acc, "torch": torch.__version__}
    print(json.dumps(res))
    if a.out:
        json.dump(dict(res, history=hist), open(a.out, "w"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["time", "train", "eval"])
    ap.add_argument("--model", default="cnn", choices=["fcnn", "cnn"])
    ap.add_argument("--recipe", default="seed", choices=["seed", "improved", "fast"])
    ap.add_argument("--full-train", action="store_true", help="with --recipe: all 60k, last weights scored")
    ap.add_argument("--epochs", type=int)
    ap.add_argument("--batches", type=int, default=600)
    ap.add_argument("--batch-size", type=int, default=20)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--weights")
    ap.add_argument("--out")
    a = ap.parse_args()
    a.epochs_given = a.epochs is not None
    a.epochs = a.epochs if a.epochs_given else 50
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    xtr, ytr, xte, yte = load()
    m = make(a.model)
    if a.cmd == "eval":
        m.load_state_dict(torch.load(a.weights, map_location="cpu"))
        l, acc, conf = evaluate(m, xte, yte)
        print(json.dumps({"test_loss": l, "test_acc": acc, "correct": int(round(acc * len(xte)))}))
        return
    if a.recipe != "seed":
        if a.cmd != "train":
            sys.exit(f"--recipe {a.recipe}: only `train` runs a recipe other than seed")
        return train_recipe(a, m, xtr, ytr, xte, yte)
    perm = np.random.permutation(60000)
    tr, va = perm[12000:], perm[:12000]
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    bs = a.batch_size
    if a.cmd == "time":
        m.train()
        order = np.random.permutation(tr)
        t0 = None
        for b in range(a.batches + 20):
            if b == 20:
                t0 = time.perf_counter()
            # wrap around the permutation, so that every timed batch is full at any --batches
            ib = torch.from_numpy(np.take(order, np.arange(b * bs, (b + 1) * bs), mode="wrap"))
            opt.zero_grad()
            loss = F.cross_entropy(m(xtr[ib]), ytr[ib])
            loss.backward()
            opt.step()
        dt = time.perf_counter() - t0
        per_img = dt / (a.batches * bs)
        t1 = time.perf_counter()
        evaluate(m, xtr[torch.from_numpy(va)], ytr[torch.from_numpy(va)])
        vdt = time.perf_counter() - t1
        print(json.dumps({"model": a.model, "train_s_per_epoch": per_img * 48000, "valid_s": vdt,
                          "epoch_s": per_img * 48000 + vdt, "threads": a.threads, "torch": torch.__version__}))
        return
    hist = []
    best, best_state = float("inf"), None
    t0 = time.perf_counter()
    for ep in range(a.epochs):
        m.train()
        order = np.random.permutation(tr)
        tl = 0.0
        nb = len(order) // bs
        for b in range(nb):
            ib = torch.from_numpy(order[b * bs:(b + 1) * bs])
            opt.zero_grad()
            loss = F.cross_entropy(m(xtr[ib]), ytr[ib])
            loss.backward()
            opt.step()
            tl += loss.item()
        vl, vacc, _ = evaluate(m, xtr[torch.from_numpy(va)], ytr[torch.from_numpy(va)])
        hist.append({"epoch": ep + 1, "train_loss": tl / nb, "valid_loss": vl, "valid_acc": vacc,
                     "elapsed_s": time.perf_counter() - t0})
        print(json.dumps(hist[-1]), flush=True)
        if vl <= best:
            best = vl
            best_state = {k: v.clone() for k, v in m.state_dict().items()}
    last = evaluate(m, xte, yte)
    m.load_state_dict(best_state)
    bestr = evaluate(m, xte, yte)
    res = {"model": a.model, "epochs": a.epochs, "wall_s": time.perf_counter() - t0,
           "test_acc_best_valid": bestr[1], "test_loss_best_valid": bestr[0],
           "test_acc_last": last[1], "history": hist, "confusion": bestr[2].tolist()}
    print(json.dumps({k: v for k, v in res.items() if k not in ("history", "confusion")}))
    if a.out:
        json.dump(res, open(a.out, "w"))


if __name__ == "__main__":
    main()
