"""The ImageNet ResNet-18 of NuGet's Microsoft.ML.DnnImageFeaturizer.ResNet18 as a trainable torch module.

The package ships a CNTK export (ONNX opset 8) using six op types: Conv, BatchNormalization, Relu, Add, MaxPool and
AveragePool. Rather than retyping the architecture, `OnnxResNet` walks the graph in order and builds one
`nn.Conv2d` / `nn.BatchNorm2d` per node from the initialisers, so the conversion is faithful by construction and can
stop after any stage. CNTK pads asymmetrically (conv1 `[3,3,2,2]`, the stem max-pool `[1,1,0,0]`), which torch's
layers cannot express: those nodes pad explicitly first.

The package's graph takes BGR pixels in 0..255 minus a per-pixel mean image. The module here takes RGB in 0..255
minus the per-channel means of that image (`RGB_MEAN`); conv1's input channels are reversed so RGB reaches the
filters that were trained on B, G, R.
"""
import hashlib
import os
import subprocess

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper
from torch import nn

PACKAGE_ID = "Microsoft.ML.DnnImageFeaturizer.ResNet18"
PACKAGE_VERSION = "0.24.0"
MODEL_IN_PACKAGE = "tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx"
# sha256 of ResNet18.onnx inside the 0.24.0 package.
MODEL_SHA256 = "e2552f19db2dfdb01b3669537b6a0f1b44da38d18279535492ed5dfc2ef1ff8f"
# Channel means (R, G, B) of the package's MeanImage (ResNetPreprocess.onnx), in 0..255.
RGB_MEAN = (123.15163, 115.902885, 103.06262)


def node_attributes(node):
    """An ONNX node's attributes as a name -> Python value dict."""
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def torch_pad(pads):
    """ONNX 2-D pads [top, left, bottom, right] as F.pad's (left, right, top, bottom)."""
    top, left, bottom, right = pads
    return (left, right, top, bottom)


class OnnxResNet(nn.Module):
    """The package's graph as torch layers, up to and including the first `stages` residual stages (1-4).

    forward(x) takes (N, 3, H, W) RGB in 0..255 minus RGB_MEAN and returns the last kept tensor: the stage output
    (N, C, H/16, W/16 for stages=3), or the package's pooled (N, 512, 1, 1) features when stages=4 and H = W = 224.
    """

    def __init__(self, onnx_path, stages=4):
        super().__init__()
        graph = onnx.load(onnx_path).graph
        weights = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
        self.input_name = graph.input[0].name
        self.steps = []  # (op, input names, output name, extra)
        self.layers = nn.ModuleDict()
        channels = {self.input_name: 3}
        seen_widths = []
        first_conv = True
        for node in graph.node:
            op, ins, out, at = node.op_type, list(node.input), node.output[0], node_attributes(node)
            if op == "Conv":
                w = weights[ins[1]]
                if at.get("group", 1) != 1 or at.get("dilations", [1, 1]) != [1, 1]:
                    raise ValueError(f"unsupported conv {out}")
                width = w.shape[0]
                if width not in seen_widths:
                    # Widths 64 (stem and stage 1), 128, 256, 512: a new width starts the next stage.
                    seen_widths.append(width)
                    if len(seen_widths) > stages:
                        break
                if first_conv:
                    w = w[:, ::-1].copy()  # BGR filters fed RGB
                    first_conv = False
                pads = at.get("pads", [0, 0, 0, 0])
                symmetric = pads[0] == pads[2] and pads[1] == pads[3]
                conv = nn.Conv2d(w.shape[1], width, tuple(w.shape[2:]), stride=tuple(at.get("strides", [1, 1])),
                                 padding=(pads[0], pads[1]) if symmetric else 0, bias=len(ins) > 2)
                conv.weight.data = torch.from_numpy(w.copy())
                if len(ins) > 2:
                    conv.bias.data = torch.from_numpy(weights[ins[2]].copy())
                self.layers[out] = conv
                extra = None if symmetric else torch_pad(pads)
                channels[out] = width
            elif op == "BatchNormalization":
                scale, bias, mean, var = (weights[n] for n in ins[1:5])
                bn = nn.BatchNorm2d(scale.shape[0], eps=at.get("epsilon", 1e-5))
                bn.weight.data = torch.from_numpy(scale.copy())
                bn.bias.data = torch.from_numpy(bias.copy())
                bn.running_mean.data = torch.from_numpy(mean.copy())
                bn.running_var.data = torch.from_numpy(var.copy())
                self.layers[out] = bn
                extra = None
                channels[out] = channels[ins[0]]
            elif op in ("Relu", "Add"):
                extra = None
                channels[out] = channels[ins[0]]
            elif op == "MaxPool":
                extra = (at["kernel_shape"], at["strides"], torch_pad(at.get("pads", [0, 0, 0, 0])))
                channels[out] = channels[ins[0]]
            elif op == "AveragePool":
                if at.get("pads", [0, 0, 0, 0]) != [0, 0, 0, 0]:
                    raise ValueError("padded average pooling is not supported")
                extra = (at["kernel_shape"], at["strides"])
                channels[out] = channels[ins[0]]
            else:
                raise ValueError(f"op {op} is not one of the six this converter knows")
            self.steps.append((op, ins[:1] if op != "Add" else ins[:2], out, extra))
        self.output_name = self.steps[-1][2]
        self.out_channels = channels[self.output_name]

    def stage_end(self, stage):
        """The index of the step that ends `stage` (1-3): the step before the first conv of the next width."""
        widths = []
        for i, (op, _, out, _) in enumerate(self.steps):
            if op == "Conv" and self.layers[out].out_channels not in widths:
                widths.append(self.layers[out].out_channels)
                if len(widths) == stage + 1:
                    return i - 1
        raise ValueError(f"the module has no stage after {stage}")

    def run(self, x, first=0, last=None):
        """Runs steps first..last (inclusive) on x, the input of step `first`; returns step `last`'s output."""
        last = len(self.steps) - 1 if last is None else last
        values = {self.steps[first][1][0]: x}
        for op, ins, out, extra in self.steps[first:last + 1]:
            a = values[ins[0]]
            if op == "Conv":
                if extra is not None:
                    a = F.pad(a, extra)
                values[out] = self.layers[out](a)
            elif op == "BatchNormalization":
                values[out] = self.layers[out](a)
            elif op == "Relu":
                values[out] = F.relu(a)
            elif op == "Add":
                values[out] = a + values[ins[1]]
            elif op == "MaxPool":
                kernel, strides, pads = extra
                values[out] = F.max_pool2d(F.pad(a, pads, value=float("-inf")), kernel, strides)
            elif op == "AveragePool":
                kernel, strides = extra
                values[out] = F.avg_pool2d(a, kernel, strides)
        return values[self.steps[last][2]]

    def forward(self, x):
        return self.run(x)


def package_model_path(nuget_root=None):
    """Where NuGet restores the package's ONNX file (restoring it first if needed, with the SDK's own client)."""
    root = nuget_root or os.environ.get("NUGET_PACKAGES") or os.path.expanduser("~/.nuget/packages")
    path = os.path.join(root, PACKAGE_ID.lower(), PACKAGE_VERSION, MODEL_IN_PACKAGE)
    if not os.path.exists(path):
        project = os.path.join(os.path.dirname(os.path.abspath(__file__)), "backbone", "Backbone.proj")
        subprocess.run(["dotnet", "restore", project, "-v", "q"], check=True)
    with open(path, "rb") as f:
        actual = hashlib.file_digest(f, "sha256").hexdigest()
    if actual != MODEL_SHA256:
        raise RuntimeError(f"{path} has sha256 {actual}, not the {MODEL_SHA256} of {PACKAGE_ID} {PACKAGE_VERSION}; "
                           "delete the package folder so NuGet restores it again.")
    return path
