#!/usr/bin/python3
"""Checks what samples/InteropSample exported, on the Python side (a manual check; CI has no Python):

    dotnet run --project samples/InteropSample -- /tmp/interop
    /usr/bin/python3 tests/BackpropGen.Tests/Fixtures/interop/check_exports.py /tmp/interop

sine.safetensors must load into PyTorch's nn.Sequential(Linear(1, 8), Tanh(), Linear(8, 1)) with load_state_dict
(strict) and give the outputs the generated network gave (sine.outputs.json); sine.onnx must pass onnx.checker and
hold the same weights."""

import json
import os
import struct
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    tensors = {}
    for key, entry in header.items():
        if key == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        dtype = {"F64": "<f8", "F32": "<f4"}[entry["dtype"]]
        tensors[key] = torch.from_numpy(np.frombuffer(body[begin:end], dtype=dtype).reshape(entry["shape"]).copy())
    return tensors, header.get("__metadata__", {})


def main(directory):
    state, metadata = read_safetensors(os.path.join(directory, "sine.safetensors"))
    model = torch.nn.Sequential(torch.nn.Linear(1, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1)).double()
    model.load_state_dict(state, strict=True)
    with open(os.path.join(directory, "sine.outputs.json")) as f:
        expected = json.load(f)
    with torch.no_grad():
        outputs = model(torch.tensor(expected["inputs"], dtype=torch.float64).unsqueeze(1)).squeeze(1).tolist()
    worst = max(abs(a - b) / abs(b) for a, b in zip(outputs, expected["outputs"]))
    print("metadata:", metadata)
    print("PyTorch:", outputs)
    print("BackpropGen:", expected["outputs"])
    print(f"largest relative difference {worst:.2e}")

    onnx_model = onnx.load(os.path.join(directory, "sine.onnx"))
    onnx.checker.check_model(onnx_model, full_check=True)
    print("onnx.checker: ok;", [n.op_type for n in onnx_model.graph.node])
    weights = {t.name: numpy_helper.to_array(t) for t in onnx_model.graph.initializer}
    same = all(np.array_equal(weights[f"layer{l}.{kind}"], state[f"{2 * (l - 1)}.{kind}"].numpy())
               for l in (1, 2) for kind in ("weight", "bias"))
    print("ONNX initializers equal the safetensors tensors:", same)
    return 0 if worst <= 1e-12 and same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
