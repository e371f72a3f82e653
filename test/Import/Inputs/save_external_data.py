#!/usr/bin/python3
"""Saves an ONNX model with its tensors as external data, the way large
models ship (model.onnx + one data file next to it); tensors under 1 KB
(shapes) stay inline, as onnx.save_model leaves them by default.

    save_external_data.py IN.onnx OUT.onnx [--location NAME] [--edit KEY=V]

--edit rewrites every tensor's external-data entry KEY to V after saving
(to make bad locations or offsets for the error tests).
"""

import argparse
import os

import onnx
from onnx.external_data_helper import convert_model_to_external_data


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model")
    p.add_argument("out")
    p.add_argument("--location", default=None)
    p.add_argument("--edit", action="append", default=[])
    a = p.parse_args()
    model = onnx.load(a.model)
    location = a.location or os.path.basename(a.out) + ".data"
    convert_model_to_external_data(model, all_tensors_to_one_file=True,
                                   location=location, size_threshold=1024)
    onnx.save_model(model, a.out)
    if a.edit:
        model = onnx.load(a.out, load_external_data=False)
        for t in model.graph.initializer:
            for kv in t.external_data:
                for edit in a.edit:
                    key, value = edit.split("=", 1)
                    if kv.key == key:
                        kv.value = value
        with open(a.out, "wb") as f:
            f.write(model.SerializeToString())


if __name__ == "__main__":
    main()
