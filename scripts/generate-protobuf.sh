#!/usr/bin/env bash
# Regenerates Sources/TensorBoard/Protobuf/*.pb.swift from Protos/ (`make protobuf`). Builds never run
# this: the generated files are committed. Needs protoc (Debian: apt-get install protobuf-compiler) and
# protoc-gen-swift of the swift-protobuf version in Package.resolved, on the PATH or in $PROTOC_GEN_SWIFT:
#   git clone https://github.com/apple/swift-protobuf /tmp/swift-protobuf && cd /tmp/swift-protobuf
#   git checkout 1.39.0 && swift build -c release --product protoc-gen-swift   # ~10 minutes on 2 cores
#   export PROTOC_GEN_SWIFT=/tmp/swift-protobuf/.build/release/protoc-gen-swift
set -euo pipefail
cd "$(dirname "$0")/.."
plugin=${PROTOC_GEN_SWIFT:-$(command -v protoc-gen-swift || true)}
if [ -z "$plugin" ] || [ ! -x "$plugin" ]; then
    echo "protoc-gen-swift not found: build it as this script's header says and set PROTOC_GEN_SWIFT" >&2
    exit 1
fi
command -v protoc >/dev/null || { echo "protoc not found: apt-get install protobuf-compiler" >&2; exit 1; }
out=Sources/TensorBoard/Protobuf
rm -f "$out"/*.pb.swift
mkdir -p "$out"
protoc --plugin=protoc-gen-swift="$plugin" --swift_opt=FileNaming=DropPath --swift_out="$out" \
    -I Protos $(cd Protos && find tensorboard -name '*.proto' | sort)
for file in "$out"/*.pb.swift; do
    { echo "// Generated from Protos/ (TensorBoard's schema) by scripts/generate-protobuf.sh (make protobuf): do not edit."
      cat "$file"; } > "$file.tmp"
    mv "$file.tmp" "$file"
done
echo "generated: $(ls "$out" | tr '\n' ' ')"
