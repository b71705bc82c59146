"""Grad-CAM of the seed CNN in PyTorch, against `fmnist-tui explain --method grad-cam` (issue #14).

An independent reference for our Grad-CAM: conv2 after its ReLU, before pooling (N, 32, 14, 14),
alpha_k = mean over the 14x14 map of d y_c / d A_k (y_c the class logit), map = ReLU(sum_k alpha_k A_k),
upsampled bilinearly to 28x28 (align_corners=False). For each image it prints what PyTorch gets before
the ReLU (how much of the weighted sum is negative), and the largest difference from our map.

  /tmp/torchpy scripts/gradcam-reference.py --images 0 1 2 [--binary .build/release/fmnist-tui]

Needs PyTorch and numpy (not in CI: run it by hand); reads the seed's convNet_model.pth and the test set
from the Debian package dataset-fashion-mnist. Exits 1 when a map differs by more than --tolerance
(relative to the map's largest value).
"""
import argparse, json, os, subprocess, sys
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F

from torch_recipe import idx  # the IDX reader of the PyTorch scripts (this folder is on sys.path)

HERE = os.path.dirname(os.path.abspath(__file__))
WEIGHTS = os.path.join(HERE, "..", "..", "shared", "seed-weights", "convNet_model.pth")


class ConvNet(nn.Module):
    """The seed's convNet, in evaluation mode (no dropout); forward also returns conv2 after its ReLU."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc1, self.fc2, self.out = nn.Linear(1568, 512), nn.Linear(512, 256), nn.Linear(256, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        conv2_relu = F.relu(self.conv2(x))
        x = F.max_pool2d(conv2_relu, 2).reshape(-1, 1568)
        return self.out(F.relu(self.fc2(F.relu(self.fc1(x))))), conv2_relu


def grad_cam(net, image, target):
    """-> (cam before ReLU (14, 14), alphas (32,), map after ReLU upsampled (28, 28))."""
    logits, maps = net(image)
    maps.retain_grad()
    logits[0, target].backward()
    alphas = maps.grad[0].mean(dim=(1, 2))
    weighted = (alphas[:, None, None] * maps[0]).sum(0).detach()
    upsampled = F.interpolate(F.relu(weighted)[None, None], size=(28, 28), mode="bilinear", align_corners=False)[0, 0]
    return weighted.numpy(), alphas.detach().numpy(), upsampled.numpy()


def ours(binary, weights, index, target):
    out = subprocess.run([binary, "explain", "--weights", weights, "--image", str(index), "--method", "grad-cam",
                          "--target-class", str(target), "--threads", "1", "--json"],
                         check=True, capture_output=True, text=True).stdout
    return np.array(json.loads(out)["map"], dtype=np.float64)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--images", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--weights", default=WEIGHTS)
    parser.add_argument("--binary", help="fmnist-tui to compare with (default: none, PyTorch's figures only)")
    parser.add_argument("--tolerance", type=float, default=1e-3)
    args = parser.parse_args()
    net = ConvNet()
    net.load_state_dict(torch.load(args.weights, map_location="cpu"))
    net.eval()
    images, labels = idx("t10k-images-idx3-ubyte.gz"), idx("t10k-labels-idx1-ubyte.gz")
    failed = False
    for index in args.images:
        image = torch.tensor(images[index:index + 1].astype(np.float32) / 255.0)
        logits = net(image)[0][0].detach().numpy()
        for target in sorted({int(labels[index]), int(logits.argmax())}):
            weighted, alphas, cam = grad_cam(net, image, target)
            negative = (weighted < 0).mean() * 100
            line = (f"image {index} class {target}{' (true)' if target == labels[index] else ''}"
                    f"{' (predicted)' if target == logits.argmax() else ''}: sum_k alpha_k A_k in "
                    f"[{weighted.min():.3f}, {weighted.max():.3f}], {negative:.0f} % of the 14x14 cells negative; "
                    f"alphas: {(alphas > 0).sum()} of 32 positive, sum {alphas.sum():+.4f}; map max {cam.max():.4f}")
            if args.binary:
                difference = np.abs(ours(args.binary, args.weights, index, target) - cam).max()
                scale = max(cam.max(), 1e-12)
                line += f"; ours differs by {difference:.2e} ({difference / scale:.1e} of the max)"
                failed |= difference > args.tolerance * scale + 1e-6
            print(line, flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
