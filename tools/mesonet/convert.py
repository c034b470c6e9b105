#!/usr/bin/env python3
"""Converts the published MesoNet Keras weights into ONNX classifiers, one per manifest member derived from them.

    convert.py --manifest models/manifest.json --model-dir .deepscan/models

For every member whose `derivedFrom` names a `.h5` file entry, builds upstream's Meso4 or MesoInception4
(DariusAf/MesoNet classifiers.py; the architecture is recognised from the file's layers) and writes it to
`<model-dir>/<member.file>`. The graph takes `input` float32 NHWC [N, 256, 256, 3] RGB in [0, 1] and gives
`real_probability` [N, 1]. A model whose metadata records the current weights' sha256 and this converter's
version is left alone, so setup can run this every time.
"""
import argparse
import hashlib
import json
import os
import re
import sys
import tempfile

import h5py
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13
SIZE = 256
CONVERTER_VERSION = "1"
SOURCE_SHA_KEY = "deepscan.source_sha256"
VERSION_KEY = "deepscan.converter_version"
INPUT_NAME = "input"
OUTPUT_NAME = "real_probability"
BN_EPSILON = 1e-3  # Keras BatchNormalization's default; weights-only files carry no layer config
LEAKY_ALPHA = 0.1  # upstream's LeakyReLU(alpha=0.1) between the two dense layers


class ConversionError(Exception):
    """A weights file or manifest entry this tool cannot convert; the message says which and why."""


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def read_layers(path):
    """{layer kind: [weight arrays per layer, in creation order]} from a Keras 2.x weights-only HDF5 file.

    Keras numbers layers of a kind as it creates them (conv2d_5 before conv2d_6), which is the order upstream's
    model code builds them in; the file lists them in topological order instead, so sort by that number.
    """
    kinds = {}
    with h5py.File(path, "r") as f:
        for raw in f.attrs["layer_names"]:
            name = raw.decode()
            weight_names = [w.decode() for w in f[name].attrs["weight_names"]]
            if not weight_names:
                continue
            match = re.fullmatch(r"(.+)_(\d+)", name)
            if not match:
                raise ConversionError(f"{path}: layer '{name}' has no Keras creation number")
            arrays = [np.asarray(f[name][w], dtype=np.float32) for w in weight_names]
            kinds.setdefault(match.group(1), []).append((int(match.group(2)), arrays))
    return {kind: [arrays for _, arrays in sorted(layers, key=lambda item: item[0])] for kind, layers in kinds.items()}


class GraphBuilder:
    """Accumulates ONNX nodes and initializers for an NCHW float32 network."""

    def __init__(self, size):
        self.size = size  # the current feature map's height and width, for Keras 'same' pooling pads
        self.nodes = []
        self.initializers = []
        self._count = 0

    def _name(self, prefix):
        self._count += 1
        return f"{prefix}_{self._count}"

    def constant(self, prefix, array):
        name = self._name(prefix)
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32), name))
        return name

    def node(self, op, inputs, output=None, **attrs):
        output = output or self._name(op.lower())
        self.nodes.append(helper.make_node(op, inputs, [output], name=output, **attrs))
        return output

    def conv_relu(self, x, kernel_bias, dilation=1):
        """Keras Conv2D(padding='same', stride 1, activation='relu') on an HWIO kernel."""
        kernel, bias = kernel_bias
        kh, kw = kernel.shape[:2]
        top, bottom = keras_same_padding(kh, dilation)
        left, right = keras_same_padding(kw, dilation)
        w = self.constant("conv_w", kernel.transpose(3, 2, 0, 1))  # HWIO -> OIHW
        b = self.constant("conv_b", bias)
        y = self.node("Conv", [x, w, b], kernel_shape=[kh, kw], dilations=[dilation, dilation],
                      strides=[1, 1], pads=[top, left, bottom, right])
        return self.node("Relu", [y])

    def batch_norm(self, x, weights):
        gamma, beta, mean, variance = weights
        inputs = [self.constant(p, a) for p, a in
                  (("bn_gamma", gamma), ("bn_beta", beta), ("bn_mean", mean), ("bn_var", variance))]
        return self.node("BatchNormalization", [x] + inputs, epsilon=BN_EPSILON)

    def max_pool(self, x, pool):
        """MaxPooling2D(pool, padding='same'): ONNX MaxPool, like TensorFlow, never takes a max over padding."""
        out = -(-self.size // pool)
        total = max((out - 1) * pool + pool - self.size, 0)
        before, after = total // 2, total - total // 2
        self.size = out
        return self.node("MaxPool", [x], kernel_shape=[pool, pool], strides=[pool, pool],
                         pads=[before, before, after, after])

    def conv_block(self, x, conv, bn, pool):
        return self.max_pool(self.batch_norm(self.conv_relu(x, conv), bn), pool)

    def inception(self, x, convs):
        """Upstream InceptionLayer; convs in creation order: a 1x1; b 1x1, 3x3; c 1x1, 3x3 (d=2); d 1x1, 3x3 (d=3)."""
        a1, b1, b3, c1, c3, d1, d3 = convs
        branches = [
            self.conv_relu(x, a1),
            self.conv_relu(self.conv_relu(x, b1), b3),
            self.conv_relu(self.conv_relu(x, c1), c3, dilation=2),
            self.conv_relu(self.conv_relu(x, d1), d3, dilation=3),
        ]
        return self.node("Concat", branches, axis=1)

    def head(self, x, dense):
        """Keras flattens channels-last, so go back to NHWC before Flatten to match the Dense kernel's rows."""
        (k1, b1), (k2, b2) = dense
        y = self.node("Flatten", [self.node("Transpose", [x], perm=[0, 2, 3, 1])], axis=1)
        y = self.node("Gemm", [y, self.constant("dense_w", k1), self.constant("dense_b", b1)])
        y = self.node("LeakyRelu", [y], alpha=LEAKY_ALPHA)
        y = self.node("Gemm", [y, self.constant("dense_w", k2), self.constant("dense_b", b2)])
        return self.node("Sigmoid", [y], output=OUTPUT_NAME)


def keras_same_padding(kernel, dilation):
    """(before, after) for a stride-1 'same' convolution: TensorFlow puts the odd pixel after."""
    total = (kernel - 1) * dilation
    return total // 2, total - total // 2


def build_meso4(g, x, layers):
    convs, bns = layers["conv2d"], layers["batch_normalization"]
    for conv, bn, pool in zip(convs, bns, (2, 2, 2, 4)):
        x = g.conv_block(x, conv, bn, pool)
    return g.head(x, layers["dense"])


def build_meso_inception4(g, x, layers):
    convs, bns = layers["conv2d"], layers["batch_normalization"]
    x = g.max_pool(g.batch_norm(g.inception(x, convs[0:7]), bns[0]), 2)
    x = g.max_pool(g.batch_norm(g.inception(x, convs[7:14]), bns[1]), 2)
    x = g.conv_block(x, convs[14], bns[2], 2)
    x = g.conv_block(x, convs[15], bns[3], 4)
    return g.head(x, layers["dense"])


ARCHITECTURES = {
    # name: (builder, weighted layers per kind)
    "Meso4": (build_meso4, {"conv2d": 4, "batch_normalization": 4, "dense": 2}),
    "MesoInception4": (build_meso_inception4, {"conv2d": 16, "batch_normalization": 4, "dense": 2}),
}


def recognise(path, layers):
    counts = {kind: len(items) for kind, items in layers.items()}
    for name, (builder, expected) in ARCHITECTURES.items():
        if counts == expected:
            return name, builder
    raise ConversionError(f"{path}: layers {counts} match neither Meso4 nor MesoInception4")


def build_model(h5_path, source_sha):
    layers = read_layers(h5_path)
    architecture, builder = recognise(h5_path, layers)
    g = GraphBuilder(SIZE)
    nchw = g.node("Transpose", [INPUT_NAME], perm=[0, 3, 1, 2])
    builder(g, nchw, layers)
    graph = helper.make_graph(
        g.nodes,
        architecture,
        [helper.make_tensor_value_info(INPUT_NAME, TensorProto.FLOAT, ["N", SIZE, SIZE, 3])],
        [helper.make_tensor_value_info(OUTPUT_NAME, TensorProto.FLOAT, ["N", 1])],
        g.initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="deepscan tools/mesonet/convert.py", producer_version=CONVERTER_VERSION)
    model.doc_string = (f"MesoNet {architecture} (Afchar et al. 2018, DariusAf/MesoNet, Apache-2.0) from "
                        f"{os.path.basename(h5_path)}: NHWC RGB in [0, 1] -> P(real)")
    helper.set_model_props(model, {SOURCE_SHA_KEY: source_sha, VERSION_KEY: CONVERTER_VERSION,
                                   "deepscan.architecture": architecture})
    onnx.checker.check_model(model)
    return model


def is_current(onnx_path, source_sha):
    if not os.path.exists(onnx_path):
        return False
    try:
        props = {p.key: p.value for p in onnx.load(onnx_path, load_external_data=False).metadata_props}
    except Exception:  # a truncated or foreign file is simply rebuilt
        return False
    return props.get(SOURCE_SHA_KEY) == source_sha and props.get(VERSION_KEY) == CONVERTER_VERSION


def convert(h5_path, onnx_path):
    """Writes the ONNX model unless an up-to-date one is there. Returns True when it wrote."""
    source_sha = sha256(h5_path)
    if is_current(onnx_path, source_sha):
        return False
    model = build_model(h5_path, source_sha)
    os.makedirs(os.path.dirname(onnx_path) or ".", exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(onnx_path) or ".", suffix=".onnx.tmp")
    os.close(fd)
    try:
        onnx.save(model, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, onnx_path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return True


def conversions(manifest):
    """(member name, .h5 path, .onnx path) relative to the model directory, for members derived from .h5 files."""
    files = {f["name"]: f for f in manifest.get("files", [])}
    for member in manifest.get("members", []):
        sources = [files.get(name) for name in member.get("derivedFrom") or []]
        weights = [f for f in sources if f is not None and f["path"].endswith(".h5")]
        if not weights:
            continue
        if len(weights) != 1:
            raise ConversionError(f"member '{member['name']}' derives from {len(weights)} .h5 files; expected one")
        yield member["name"], weights[0]["path"], member["file"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--model-dir", required=True)
    args = parser.parse_args(argv)
    with open(args.manifest) as f:
        manifest = json.load(f)
    try:
        for name, h5, target in conversions(manifest):
            h5_path = os.path.join(args.model_dir, h5)
            onnx_path = os.path.join(args.model_dir, target)
            if not os.path.exists(h5_path):
                raise ConversionError(f"{h5_path} is missing (member '{name}'); run ./setup.sh to fetch it")
            wrote = convert(h5_path, onnx_path)
            print(f"{name}: {'wrote' if wrote else 'up to date'} {onnx_path}")
    except ConversionError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
