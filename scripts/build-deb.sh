#!/bin/sh
# Builds fmnist-tui_<version>_<arch>.deb in the repository root from $RELEASE_DIR (default .build-release/;
# `make deb`): the files of `make install` under /usr, Depends computed by dpkg-shlibdeps (Debian runtime
# packages only: the Swift standard library is linked into the binary), Recommends the data set's package.
set -eu
cd "$(dirname "$0")/.."
version=$(sed -n 's/.*static let version = "\(.*\)"/\1/p' Sources/ProgramInfo/ProgramInfo.swift)
architecture=$(dpkg --print-architecture)
stage=${RELEASE_DIR:-.build-release}/deb
package="fmnist-tui_${version}_${architecture}.deb"

rm -rf "$stage"
mkdir -p "$stage/DEBIAN"
DESTDIR=$stage scripts/install.sh install /usr >/dev/null

# dpkg-shlibdeps wants a debian/control naming the package; it reads the libraries the binary links.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/debian"
printf 'Source: fmnist-tui\n\nPackage: fmnist-tui\nArchitecture: any\n' > "$work/debian/control"
binary=$(pwd)/$stage/usr/bin/fmnist-tui
depends=$(cd "$work" && dpkg-shlibdeps -O "$binary" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "dpkg-shlibdeps found no dependencies (is dpkg-dev installed?)" >&2; exit 1; }

cat > "$stage/DEBIAN/control" <<CONTROL
Package: fmnist-tui
Version: $version
Architecture: $architecture
Maintainer: fmnist-tui developers <dev@fmnist-tui.invalid>
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: $depends
Recommends: dataset-fashion-mnist
Section: science
Priority: optional
Description: train neural networks on Fashion-MNIST and watch them learn
 fmnist-tui trains a fully connected net and a small CNN on the Fashion-MNIST
 data set on the CPU (its own engine over OpenBLAS), with a live terminal
 dashboard, resumable run folders, PyTorch-compatible weights, SVG, CSV and
 TensorBoard export, and a benchmark against a PyTorch reference.
 .
 The data set comes from the package dataset-fashion-mnist.
CONTROL
dpkg-deb --build --root-owner-group "$stage" "$package" >/dev/null
echo "built $package ($(du -h "$package" | cut -f1)): Depends: $depends"
