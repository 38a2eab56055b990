"""Writes optimizers.json: trajectories of real PyTorch optimizers (float64) on networks that
tests/BackpropGen.Tests/OptimizerNetworks.cs declares, for OptimizerTests.PyTorch_trajectories.

Run from this folder with PyTorch installed (CI has no Python; the JSON is committed):
    /usr/bin/python3 optimizers.py
Each network's parameters are in BackpropGen's parameter order: the weights layer by layer, for each neuron, for each
input (torch.nn.Linear's weight row by row), then the biases. E_total = sum of 1/2 (target - out)^2 per sample; a
mini-batch's loss is the mean of its samples' E_total.
"""
import json
import torch

torch.set_default_dtype(torch.float64)


def build(sizes, activation, bias_mode, train_biases, params):
    """Layers as (weight, bias) tensors from a flat list in parameter order; bias_mode 'shared' or 'neuron'."""
    weights, biases, p = [], [], 0
    for l in range(1, len(sizes)):
        n = sizes[l] * sizes[l - 1]
        weights.append(torch.tensor(params[p:p + n]).reshape(sizes[l], sizes[l - 1]).requires_grad_(True))
        p += n
    for l in range(1, len(sizes)):
        n = 1 if bias_mode == "shared" else sizes[l]
        biases.append(torch.tensor(params[p:p + n]).requires_grad_(train_biases))
        p += n
    assert p == len(params)
    return weights, biases


def forward(weights, biases, activation, x):
    out = x
    for w, b in zip(weights, biases):
        out = activation(out @ w.T + b)
    return out


def flat(weights, biases):
    return [v.item() for w in weights for v in w.reshape(-1)] + [v.item() for b in biases for v in b.reshape(-1)]


def run(name, sizes, activation, bias_mode, train_biases, make_optimizer, params, inputs, targets, batch, steps):
    weights, biases = build(sizes, activation, bias_mode, train_biases, params)
    trained = weights + (biases if train_biases else [])
    optimizer = make_optimizer(trained)
    x_all, t_all = torch.tensor(inputs), torch.tensor(targets)
    trajectory = []
    for step in range(steps):
        rows = [(step * batch + i) % len(inputs) for i in range(batch)]
        x, t = x_all[rows], t_all[rows]
        optimizer.zero_grad()
        out = forward(weights, biases, activation, x)
        loss = (0.5 * (t - out) ** 2).sum(dim=1).mean()
        loss.backward()
        optimizer.step()
        trajectory.append(flat(weights, biases))
    return {"name": name, "batch": batch, "initial": params, "inputs": inputs, "targets": targets, "trajectory": trajectory}


article = [0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55, 0.35, 0.60]
samples2 = [[0.05, 0.10], [0.9, -0.3], [-0.5, 0.7], [0.2, 0.2], [-0.8, -0.1]]
targets2 = [[0.01, 0.99], [0.7, 0.2], [0.3, 0.6], [0.5, 0.5], [0.9, 0.1]]
g = torch.Generator().manual_seed(13)
params342 = (torch.rand(3 * 4 + 4 * 2 + 4 + 2, generator=g) * 2 - 1).tolist()
samples3 = (torch.rand(6, 3, generator=g) * 2 - 1).tolist()
targets3 = (torch.rand(6, 2, generator=g) * 1.8 - 0.9).tolist()

runs = [
    run("Opt_Mazur_Adam", [2, 2, 2], torch.sigmoid, "shared", False,
        lambda p: torch.optim.Adam(p, lr=0.01), article, samples2, targets2, 1, 100),
    run("Opt_Mazur_Adam", [2, 2, 2], torch.sigmoid, "shared", False,
        lambda p: torch.optim.Adam(p, lr=0.01), article, samples2, targets2, 3, 100),
    run("Opt_Mazur_Momentum_WeightDecay", [2, 2, 2], torch.sigmoid, "shared", False,
        lambda p: torch.optim.SGD(p, lr=0.5, momentum=0.9, dampening=0, nesterov=False, weight_decay=0.01),
        article, samples2, targets2, 1, 100),
    run("Opt_3_4_2_Tanh_PerNeuron_AdamW", [3, 4, 2], torch.tanh, "neuron", True,
        lambda p: torch.optim.AdamW(p, lr=0.02, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.05),
        params342, samples3, targets3, 1, 100),
    run("Opt_3_4_2_Tanh_PerNeuron_AdamW", [3, 4, 2], torch.tanh, "neuron", True,
        lambda p: torch.optim.AdamW(p, lr=0.02, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.05),
        params342, samples3, targets3, 4, 100),
]

with open("optimizers.json", "w") as f:
    json.dump({"torch": torch.__version__, "runs": runs}, f)
