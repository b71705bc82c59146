"""Reads one run folder of a TensorBoard log directory with TensorBoard's own reader and prints JSON.

Used by TensorBoardTests.swift: python read_tensorboard.py RUN_FOLDER. Prints the scalars per tag as
[step, value] pairs, the images (size, PNG checked chunk by chunk) and the HParams plugin's experiment,
session start and session end, each parsed with the plugin's own metadata functions.
"""
import json
import struct
import sys
import zlib

from tensorboard.backend.event_processing import event_accumulator
from tensorboard.plugins.hparams import metadata as hparams_metadata


def png_pixels_ok(data, width, height):
    """True when `data` is an 8-bit RGB PNG of width × height whose chunks' CRCs hold and whose pixels inflate."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return False
    offset, idat, header = 8, b"", None
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset:offset + 4])
        kind = data[offset + 4:offset + 8]
        body = data[offset + 8:offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length:offset + 12 + length])
        if zlib.crc32(kind + body) != crc:
            return False
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    return header == (width, height, 8, 2, 0, 0, 0) and len(zlib.decompress(idat)) == height * (1 + 3 * width)


def value_of(proto_value):
    kind = proto_value.WhichOneof("kind")
    return getattr(proto_value, kind) if kind else None


def main(folder):
    accumulator = event_accumulator.EventAccumulator(
        folder, size_guidance={event_accumulator.SCALARS: 0, event_accumulator.IMAGES: 0, event_accumulator.TENSORS: 0})
    accumulator.Reload()
    tags = accumulator.Tags()
    result = {
        "scalars": {tag: [[event.step, event.value] for event in accumulator.Scalars(tag)] for tag in tags["scalars"]},
        "images": {tag: [{"step": image.step, "width": image.width, "height": image.height,
                          "png_ok": png_pixels_ok(image.encoded_image_string, image.width, image.height)}
                         for image in accumulator.Images(tag)] for tag in tags["images"]},
    }
    content = accumulator.PluginTagToContent("hparams")
    hparams = {}
    if hparams_metadata.EXPERIMENT_TAG in content:
        experiment = hparams_metadata.parse_experiment_plugin_data(content[hparams_metadata.EXPERIMENT_TAG])
        hparams["experiment"] = {
            "hparams": {info.name: info.type for info in experiment.hparam_infos},
            "metrics": [info.name.tag for info in experiment.metric_infos],
        }
    if hparams_metadata.SESSION_START_INFO_TAG in content:
        start = hparams_metadata.parse_session_start_info_plugin_data(content[hparams_metadata.SESSION_START_INFO_TAG])
        hparams["session_start"] = {name: value_of(value) for name, value in start.hparams.items()}
    if hparams_metadata.SESSION_END_INFO_TAG in content:
        end = hparams_metadata.parse_session_end_info_plugin_data(content[hparams_metadata.SESSION_END_INFO_TAG])
        hparams["session_end"] = end.status
    result["hparams"] = hparams
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
