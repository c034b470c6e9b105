"""A deterministic input tensor that C# can compute identically, for ONNX Runtime parity tests, and the reference file
that holds a model's logits on it (models/resnet18-sbi/reference*.json, read by ResNetParityTests).

x[n, c, h, w] = 100 * sin(0.05 * (h + 1) * (c + 1) + 0.031 * (w + 1) * (n + 1) + 0.7 * n), in float64 then float32.
The C# twin is tests/Detection.Tests/Members/ReferenceInput.cs.
"""
import json

import numpy as np

BATCH = 2


def reference_input(batch, size):
    n, c, h, w = np.meshgrid(np.arange(batch), np.arange(3), np.arange(size), np.arange(size), indexing="ij")
    return (100 * np.sin(0.05 * (h + 1) * (c + 1) + 0.031 * (w + 1) * (n + 1) + 0.7 * n)).astype(np.float32)


def write_reference(path, size, logits):
    """The reference file: which input (reference_input(BATCH, size)), its side, and the model's logits on it."""
    with open(path, "w") as f:
        json.dump({"input": f"reference_input(batch={BATCH}, size={size})", "size": size,
                   "logits": [float(v) for v in logits]}, f, indent=1)
