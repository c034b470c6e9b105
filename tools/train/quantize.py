#!/usr/bin/env python3
"""An int8 copy of a trained member for CPU inference (ONNX QDQ format), calibrated on training crops.

    /usr/bin/python3 -m tools.train.quantize --model IN.onnx --crops DIR --out OUT.onnx [--samples 256]
                                             [--int8-stem] [--reduce-range] [--reference OUT.json]

Why: on a 2-core machine the ResNet member's float convolutions are most of a cold scan's CPU (about 30 ms a face).
ONNX Runtime runs a convolution wrapped in QuantizeLinear/DequantizeLinear pairs as one integer convolution (VNNI
or AVX2 int8 dot products). What it does:
1. Runs the float model on `--samples` training crops (the engine's crops of the FaceForensics++ training videos,
   as the engine feeds them) with a small interpreter of the graph's operators, recording every activation range.
2. Wraps every convolution but the first: its input and output activations get a per-tensor uint8 scale (the
   range's 99.99th percentile: a few outliers must not coarsen every other value; the 99.9th and 99.999th, the full
   range and a least-squares range per tensor all gave larger errors at the logit), its weights a
   per-output-channel int8 scale, its bias int32 at the product of the two. Additions, pooling and the head stay
   float. `--int8-stem` wraps the first convolution too; `--reduce-range` keeps weights within 7 bits, so that a CPU
   without VNNI (AVX2's saturating 16-bit pair sums) gets the same integer sums as one with VNNI.
3. Prints how far the copy's logits are from the float model's on FF++ validation crops.
4. With `--reference`, writes the copy's logits on the parity input (reference_input.py) as this interpreter computes
   them: the C# parity test checks that ONNX Runtime's integer kernels give the same.
Served: the CPU runs `resnet18-sbi`'s `--int8-stem --reduce-range` copy (manifest `cpuFile`; reproduce.sh makes it
with `--reference` for the C# parity test). Measured through the engine (docs/speed.md): faces 2.4x faster warm on a
2-core AVX-512 VNNI machine, about 0.3 s less CPU per cold scan, logits 0.27 from the float model's on average;
dev videos AUC 0.688 to 0.708 and log-loss 0.625 to 0.600, FF++ validation videos 0.960 to 0.964.
"""
import argparse
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import helper, numpy_helper

from . import sources
from .augment import plain
from .backbone import node_attributes, torch_pad
from .model import INPUT_SIZE, to_input
from .train import val_subset

PERCENTILE = 99.99


def run_graph(model, x):
    """Every tensor of the (float, NCHW) graph for input x (torch float tensor), as torch tensors by name."""
    values = {init.name: torch.from_numpy(numpy_helper.to_array(init).copy()) for init in model.graph.initializer}
    values[model.graph.input[0].name] = x
    for node in model.graph.node:
        a = node_attributes(node)
        ins = [values[name] if name else None for name in node.input]
        op = node.op_type
        if op == "Constant":
            out = torch.from_numpy(numpy_helper.to_array(a["value"]).copy())
        elif op == "ConstantOfShape":
            fill = numpy_helper.to_array(a["value"]) if "value" in a else np.zeros(1, np.float32)
            out = torch.from_numpy(np.full(tuple(ins[0].tolist()), fill[0], fill.dtype))
        elif op == "Concat":
            out = torch.cat(ins, dim=a["axis"])
        elif op == "Reshape":
            out = ins[0].reshape(tuple(ins[1].tolist()))
        elif op == "Slice":
            data, starts, ends = ins[0].numpy(), ins[1].tolist(), ins[2].tolist()
            axes = ins[3].tolist() if len(ins) > 3 and ins[3] is not None else list(range(len(starts)))
            steps = ins[4].tolist() if len(ins) > 4 and ins[4] is not None else [1] * len(starts)
            index = [slice(None)] * data.ndim
            for s, e, ax, st in zip(starts, ends, axes, steps):
                index[ax] = slice(s, e, st)
            out = torch.from_numpy(np.ascontiguousarray(data[tuple(index)]))
        elif op == "Transpose":
            out = ins[0].permute(*a["perm"])
        elif op == "Cast":
            out = ins[0].to(torch.int64)
        elif op == "Pad":
            pads = ins[1].tolist()
            half = len(pads) // 2
            # ONNX: all begins then all ends, first axis first; torch: last axis first, (begin, end) pairs.
            torch_pads = [p for axis in reversed(range(half)) for p in (pads[axis], pads[axis + half])]
            out = F.pad(ins[0], torch_pads, mode="constant", value=0.0)
        elif op == "Conv":
            p = a.get("pads", [0, 0, 0, 0])
            padded = F.pad(ins[0], torch_pad(p)) if any(p) else ins[0]
            out = F.conv2d(padded, ins[1], ins[2] if len(ins) > 2 else None, stride=a["strides"],
                           dilation=a.get("dilations", [1, 1]), groups=a.get("group", 1))
        elif op == "Relu":
            out = F.relu(ins[0])
        elif op == "Add":
            out = ins[0] + ins[1]
        elif op == "MaxPool":
            p = a.get("pads", [0, 0, 0, 0])
            padded = F.pad(ins[0], torch_pad(p), value=float("-inf")) if any(p) else ins[0]
            out = F.max_pool2d(padded, a["kernel_shape"], a["strides"], ceil_mode=bool(a.get("ceil_mode", 0)))
        elif op == "ReduceMean":
            out = ins[0].mean(dim=tuple(a["axes"]), keepdim=bool(a.get("keepdims", 1)))
        elif op == "Gemm":
            w = ins[1].t() if a.get("transB", 0) else ins[1]
            out = ins[0] @ w + (ins[2] if len(ins) > 2 else 0)
        elif op == "QuantizeLinear":
            low, high = (0, 255) if ins[2].dtype == torch.uint8 else (-128, 127)
            out = torch.clamp(torch.round(ins[0] / ins[1]) + ins[2].float(), low, high)
        elif op == "DequantizeLinear":
            shape = [-1] + [1] * (ins[0].dim() - 1) if ins[1].dim() == 1 and a.get("axis", 1) == 0 else [1]
            out = (ins[0].float() - ins[2].float().view(shape)) * ins[1].view(shape)
        else:
            raise ValueError(f"operator {op} is not supported by the calibration interpreter")
        values[node.output[0]] = out
    return values


def quantized_tensors(model, float_stem=True):
    """The activations that get a Q/DQ pair: every convolution's input, and its output (after its Relu, if one
    follows, so that ONNX Runtime folds the Relu into the integer convolution). With `float_stem` the first
    convolution stays float: its input is pixels minus non-integer channel means, which no uint8 grid holds exactly,
    and quantizing it raised the mean error at the logit from 0.13 to 0.19."""
    consumers = {}
    for node in model.graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    tensors = []
    convs = [n for n in model.graph.node if n.op_type == "Conv"]
    for node in convs[1:] if float_stem else convs:
        tensors.append(node.input[0])
        after = consumers.get(node.output[0], [])
        relu = len(after) == 1 and after[0].op_type == "Relu"
        tensors.append(after[0].output[0] if relu else node.output[0])
    return list(dict.fromkeys(tensors))


def activation_ranges(model, names, batches, percentile=PERCENTILE):
    """Per tensor: (low, high) at the PERCENTILE of its values over the batches (0 always inside)."""
    samples = {n: [] for n in names}
    rng = np.random.default_rng(0)
    for x in batches:
        with torch.no_grad():
            values = run_graph(model, x)
        for n in names:
            flat = values[n].flatten().numpy()
            samples[n].append(rng.choice(flat, min(len(flat), 200_000), replace=False))
    ranges = {}
    for n in names:
        v = np.concatenate(samples[n])
        ranges[n] = (min(0.0, float(np.percentile(v, 100 - percentile))),
                     max(0.0, float(np.percentile(v, percentile))))
    return ranges


def _uint8_params(low, high):
    scale = max(high - low, 1e-8) / 255.0
    zero = int(np.clip(round(-low / scale), 0, 255))
    return np.float32(scale), np.uint8(zero)


def _name(tensor):
    return tensor.strip("/").replace("/", "_").replace(":", "_")


# The largest weight magnitude with --reduce-range: on a CPU without VNNI ONNX Runtime multiplies uint8 activations
# by int8 weights with vpmaddubsw, which adds two products into a saturating 16-bit sum; 2 x 255 x 63 = 32,130 always
# fits, 2 x 255 x 127 may not.
REDUCED_WEIGHT_MAX = 63


def quantize(model, ranges, weight_max=127):
    """A QDQ copy of the model: the activations in `ranges` uint8 per tensor (every consumer reads the dequantized
    copy), each convolution's weights int8 per output channel (within +-weight_max) and its bias int32."""
    graph = model.graph
    initializers = {i.name: i for i in graph.initializer}
    nodes, inits, dequantized = [], [], {}

    def add_qdq(tensor):
        scale, zero = _uint8_params(*ranges[tensor])
        base = _name(tensor)
        inits.extend([numpy_helper.from_array(np.array(scale), f"{base}_scale"),
                      numpy_helper.from_array(np.array(zero), f"{base}_zero")])
        nodes.append(helper.make_node("QuantizeLinear", [tensor, f"{base}_scale", f"{base}_zero"], [f"{base}_q"],
                                      name=f"{base}_Q"))
        nodes.append(helper.make_node("DequantizeLinear", [f"{base}_q", f"{base}_scale", f"{base}_zero"],
                                      [f"{base}_dq"], name=f"{base}_DQ"))
        dequantized[tensor] = f"{base}_dq"

    def add_dq(name, values, scale, axis_len):
        inits.extend([numpy_helper.from_array(values, f"{name}_q"), numpy_helper.from_array(scale, f"{name}_scale"),
                      numpy_helper.from_array(np.zeros(axis_len, values.dtype), f"{name}_zero")])
        nodes.append(helper.make_node("DequantizeLinear", [f"{name}_q", f"{name}_scale", f"{name}_zero"],
                                      [f"{name}_dq"], name=f"{name}_DQ", axis=0))
        return f"{name}_dq"

    if graph.input[0].name in ranges:
        add_qdq(graph.input[0].name)
    for node in graph.node:
        if node.op_type == "Conv" and node.input[0] in dequantized:
            x_scale = _uint8_params(*ranges[node.input[0]])[0]
            w = numpy_helper.to_array(initializers[node.input[1]]).astype(np.float32)
            w_scale = (np.maximum(np.abs(w).reshape(len(w), -1).max(axis=1), 1e-8) / weight_max).astype(np.float32)
            w_q = np.clip(np.round(w / w_scale[:, None, None, None]), -weight_max, weight_max).astype(np.int8)
            base = _name(node.name)
            inputs = [dequantized[node.input[0]], add_dq(f"{base}_w", w_q, w_scale, len(w))]
            if len(node.input) > 2 and node.input[2]:
                b = numpy_helper.to_array(initializers[node.input[2]]).astype(np.float32)
                b_scale = (x_scale * w_scale).astype(np.float32)
                inputs.append(add_dq(f"{base}_b", np.round(b / b_scale).astype(np.int32), b_scale, len(b)))
            node.input[:] = inputs
        else:
            node.input[:] = [dequantized.get(i, i) for i in node.input]
        nodes.append(node)
        for out in node.output:
            if out in ranges:
                add_qdq(out)

    used = {i for n in nodes for i in n.input}
    kept = [i for i in graph.initializer if i.name in used]
    del graph.initializer[:]
    graph.initializer.extend(kept + inits)
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    return model


def logit_error(float_model, quantized_model, x, batch=64):
    """|logit difference| per input between the two models (the graphs' first output)."""
    def logits(model):
        with torch.no_grad():
            return torch.cat([run_graph(model, x[s:s + batch])[model.graph.output[0].name]
                              for s in range(0, len(x), batch)]).flatten().numpy()
    return np.abs(logits(quantized_model) - logits(float_model))


def write_reference(model, path, size):
    """The model's logits on the parity input, as this interpreter computes them, in a reference file."""
    from . import reference_input as parity
    with torch.no_grad():
        x = torch.from_numpy(parity.reference_input(parity.BATCH, size))
        logits = run_graph(model, x)[model.graph.output[0].name]
    parity.write_reference(path, size, logits.flatten().tolist())


def validation_batch(crops_dir, size, per_video=8):
    """Crops of every FF++ validation video (train.py's validation subset), as the member's input."""
    cache = sources.ImageCache()
    chosen = val_subset(sources.ffpp_crops(crops_dir), per_video, None)
    return to_input(np.stack([plain(cache.get(c.path), size) for c in chosen]))


def calibration_batches(crops_dir, samples, size, batch=32):
    """`samples` training crops spread evenly over the FaceForensics++ training videos, as the member's input."""
    crops = [c for c in sources.ffpp_crops(crops_dir) if c.split == "train"]
    chosen = [crops[int(i * len(crops) / samples)] for i in range(samples)]
    cache = sources.ImageCache()
    images = [plain(cache.get(c.path), size) for c in chosen]
    return [to_input(np.stack(images[s:s + batch])) for s in range(0, len(images), batch)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--crops", required=True, help="deepscan crops output for the FF++ training videos")
    parser.add_argument("--out", required=True)
    parser.add_argument("--samples", type=int, default=256)
    parser.add_argument("--size", type=int, default=INPUT_SIZE)
    parser.add_argument("--int8-stem", action="store_true",
                        help="quantize the first convolution too (quantized_tensors' float_stem off)")
    parser.add_argument("--reduce-range", action="store_true",
                        help="7-bit weights (REDUCED_WEIGHT_MAX), so no CPU's int8 products saturate")
    parser.add_argument("--reference", help="write the copy's logits on reference_input(2, size) here (JSON)")
    args = parser.parse_args(argv)
    model = onnx.load(args.model)
    ranges = activation_ranges(model, quantized_tensors(model, float_stem=not args.int8_stem),
                               calibration_batches(args.crops, args.samples, args.size))
    quantized = quantize(onnx.load(args.model), ranges, REDUCED_WEIGHT_MAX if args.reduce_range else 127)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    onnx.save(quantized, args.out)
    print(f"wrote {args.out} ({os.path.getsize(args.out) / 1e6:.1f} MB) from {args.samples} calibration crops")
    error = logit_error(model, quantized, validation_batch(args.crops, args.size))
    print(f"logits against the float model's on FF++ validation crops: mean |difference| {error.mean():.3f}, "
          f"95th percentile {np.percentile(error, 95):.3f}")
    if args.reference:
        write_reference(quantized, args.reference, args.size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
