#!/usr/bin/python3
"""Writes the interop test fixtures: small PyTorch nn.Sequential models as safetensors and ONNX files, and their
outputs for fixed inputs (expected.json). Run with Debian's python3 (python3-torch, python3-onnx, python3-numpy):

    /usr/bin/python3 tests/BackpropGen.Tests/Fixtures/interop/make_fixtures.py

The outputs are committed, so the tests need no Python. The safetensors files are written here to the format's
published layout (8-byte little-endian header length, JSON header, raw little-endian data), without the safetensors
package. Every output is computed by PyTorch in double precision from the very values stored in the files."""

import json
import os
import struct

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
ACTIVATIONS = {"Logistic": torch.nn.Sigmoid, "Tanh": torch.nn.Tanh, "ReLU": torch.nn.ReLU,
               "LeakyReLU": lambda: torch.nn.LeakyReLU(0.01), "Softmax": lambda: torch.nn.Softmax(dim=-1)}

# name: layer sizes, hidden activation, output activation, bias mode (as BackpropGen names them), dtype of the file
MODELS = {
    "logistic_shared": ([2, 3, 2], "Logistic", "Logistic", "SharedPerLayer", torch.float64),
    "tanh_identity": ([3, 4, 2], "Tanh", "Identity", "PerNeuron", torch.float64),
    "relu_softmax": ([4, 5, 3], "ReLU", "Softmax", "PerNeuron", torch.float64),
    "leaky_nobias": ([2, 3, 1], "LeakyReLU", "Logistic", "None", torch.float64),
    "deep_f32": ([3, 4, 4, 2], "Tanh", "Logistic", "PerNeuron", torch.float32),
}


def build(sizes, hidden, output, bias):
    modules = []
    for l in range(1, len(sizes)):
        modules.append(torch.nn.Linear(sizes[l - 1], sizes[l], bias=bias != "None"))
        activation = output if l == len(sizes) - 1 else hidden
        if activation != "Identity":
            modules.append(ACTIVATIONS[activation]())
    model = torch.nn.Sequential(*modules)
    if bias == "SharedPerLayer":  # one value per layer, as the article's network has
        with torch.no_grad():
            for m in model:
                if isinstance(m, torch.nn.Linear):
                    m.bias.fill_(float(m.bias[0]))
    return model


def write_safetensors(path, tensors, metadata=None):
    """tensors: list of (key, numpy array); the format's layout: u64 LE header size, JSON header, data."""
    header, offset, blobs = {}, 0, []
    for key, array in tensors:
        array = np.ascontiguousarray(array)
        dtype = {np.dtype("float64"): "F64", np.dtype("float32"): "F32"}[array.dtype]
        data = array.astype(array.dtype.newbyteorder("<")).tobytes()
        header[key] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # padded with spaces to a multiple of 8, as the reference writer does
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def write_weights_json(path, tensors, metadata=None):
    """The weights JSON form that BackpropGen's generator bakes in at compile time (Weights = "x.weights.json"): the
    state dict's tensors as nested arrays of numbers, row-major (a weight [out, in] one row per line), each number the
    shortest decimal that gives back the same double (Python's repr, which json.dumps uses); float32 values are written
    as the doubles they convert to exactly."""
    entries = []
    if metadata:
        entries.append('  "__metadata__": ' + json.dumps(metadata))
    for key, array in tensors:
        values = np.asarray(array, dtype=np.float64)
        if values.ndim == 2:
            rows = ",\n".join("    " + json.dumps(row) for row in values.tolist())
            entries.append(f"  {json.dumps(key)}: [\n{rows}\n  ]")
        else:
            entries.append(f"  {json.dumps(key)}: {json.dumps(values.tolist())}")
    with open(path, "w") as f:
        f.write("{\n" + ",\n".join(entries) + "\n}\n")


def write_baked_fixtures():
    """Weights files for the generator's compile-time baking (BakedWeightsTests): the article's initial weights as a
    state dict (mazur.weights.json; its shared biases repeated per neuron, as PyTorch holds them), and a 16-16-16 tanh
    network wide enough that the generator writes its step in parts, in both forms (JSON and safetensors)."""
    mazur = [("0.weight", np.array([[0.15, 0.20], [0.25, 0.30]])), ("0.bias", np.array([0.35, 0.35])),
             ("2.weight", np.array([[0.40, 0.45], [0.50, 0.55]])), ("2.bias", np.array([0.60, 0.60]))]
    write_weights_json(os.path.join(HERE, "mazur.weights.json"), mazur,
                       {"format": "pt", "backpropgen.activations": "Logistic,Logistic"})
    torch.manual_seed(1614)
    model = build([16, 16, 16], "Tanh", "Identity", "PerNeuron").double()
    state = [(k, v.detach().numpy()) for k, v in model.state_dict().items()]
    write_safetensors(os.path.join(HERE, "wide_tanh.safetensors"), state, {"format": "pt"})
    write_weights_json(os.path.join(HERE, "wide_tanh.weights.json"), state, {"format": "pt"})


def matmul_add_onnx(path, model, sizes, hidden, output):
    """The same network written by hand as MatMul (W transposed, [in, out]) + Add per layer, double."""
    nodes, inits, current, index = [], [], "x", 0
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    for l, linear in enumerate(linears, start=1):
        w = linear.weight.detach().double().numpy().T.copy()
        inits.append(numpy_helper.from_array(w, f"W{l}"))
        nodes.append(helper.make_node("MatMul", [current, f"W{l}"], [f"mm{l}"]))
        current = f"mm{l}"
        if linear.bias is not None:
            inits.append(numpy_helper.from_array(linear.bias.detach().double().numpy(), f"B{l}"))
            nodes.append(helper.make_node("Add", [f"B{l}", current], [f"add{l}"]))  # bias first: either order is an Add
            current = f"add{l}"
        activation = output if l == len(linears) else hidden
        op = {"Logistic": "Sigmoid", "Tanh": "Tanh", "ReLU": "Relu"}.get(activation)
        if activation == "LeakyReLU":
            nodes.append(helper.make_node("LeakyRelu", [current], [f"act{l}"], alpha=0.01))
        elif activation == "Softmax":
            nodes.append(helper.make_node("Softmax", [current], [f"act{l}"], axis=-1))
        elif op:
            nodes.append(helper.make_node(op, [current], [f"act{l}"]))
        if activation != "Identity":
            current = f"act{l}"
    nodes.append(helper.make_node("Identity", [current], ["y"]))
    graph = helper.make_graph(nodes, "matmul_add",
                              [helper.make_tensor_value_info("x", TensorProto.DOUBLE, ["N", sizes[0]])],
                              [helper.make_tensor_value_info("y", TensorProto.DOUBLE, ["N", sizes[-1]])], inits)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), path)


def train_sine():
    """A 1-8-1 tanh regressor trained in PyTorch on sin(x), x in [-3, 3]: the sample (samples/InteropSample) loads it,
    checks its outputs, trains it further and exports it."""
    torch.manual_seed(14)
    model = build([1, 8, 1], "Tanh", "Identity", "PerNeuron").double()
    x = torch.linspace(-3, 3, 64, dtype=torch.float64).unsqueeze(1)
    y = torch.sin(x)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(1500):
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
    with torch.no_grad():  # the error of the trained weights (the loop's last loss is of the weights before its last step)
        loss = torch.nn.functional.mse_loss(model(x), y)
    state = [(k, v.detach().numpy()) for k, v in model.state_dict().items()]
    write_safetensors(os.path.join(HERE, "sine_trained.safetensors"), state, {"format": "pt"})
    write_weights_json(os.path.join(HERE, "sine_trained.weights.json"), state, {"format": "pt"})
    inputs = torch.tensor([[-2.5], [-1.0], [0.0], [0.5], [2.0]], dtype=torch.float64)
    with torch.no_grad():
        outputs = model(inputs)
    return {"layers": [1, 8, 1], "hidden": "Tanh", "output": "Identity", "bias": "PerNeuron", "dtype": "F64",
            "mse": float(loss), "inputs": inputs.tolist(), "outputs": outputs.tolist()}


def main():
    torch.manual_seed(20261130)
    expected = {}
    for name, (sizes, hidden, output, bias, dtype) in MODELS.items():
        model = build(sizes, hidden, output, bias).to(dtype)
        state = [(k, v.detach().numpy()) for k, v in model.state_dict().items()]
        write_safetensors(os.path.join(HERE, name + ".safetensors"), state, {"format": "pt"})
        write_weights_json(os.path.join(HERE, name + ".weights.json"), state, {"format": "pt"})
        # the same tensors under a prefix, as a model that holds the Sequential as an attribute saves them
        if name == "tanh_identity":
            write_safetensors(os.path.join(HERE, name + ".prefixed.safetensors"), [("model." + k, v) for k, v in state])
        model = model.double()  # outputs in double from the stored values (float32 values are exact in double)
        inputs = torch.randn(5, sizes[0], dtype=torch.float64, generator=torch.Generator().manual_seed(len(name)))
        with torch.no_grad():
            outputs = model(inputs)
        torch.onnx.export(model, inputs, os.path.join(HERE, name + ".torch.onnx"), input_names=["input"],
                          output_names=["output"], dynamic_axes={"input": {0: "N"}, "output": {0: "N"}},
                          opset_version=13)
        if name in ("tanh_identity", "leaky_nobias"):
            matmul_add_onnx(os.path.join(HERE, name + ".matmul.onnx"), model, sizes, hidden, output)
        expected[name] = {"layers": sizes, "hidden": hidden, "output": output, "bias": bias,
                          "dtype": "F32" if dtype == torch.float32 else "F64",
                          "inputs": inputs.tolist(), "outputs": outputs.tolist()}
    expected["sine_trained"] = train_sine()
    write_baked_fixtures()
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump({"torch": torch.__version__, "onnx": onnx.__version__, "models": expected}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
