"""A deterministic input tensor that C# can compute identically, for ONNX Runtime parity tests.

x[n, c, h, w] = 100 * sin(0.05 * (h + 1) * (c + 1) + 0.031 * (w + 1) * (n + 1) + 0.7 * n), in float64 then float32.
The C# twin is tests/Detection.Tests/Members/ReferenceInput.cs.
"""
import numpy as np


def reference_input(batch, size):
    n, c, h, w = np.meshgrid(np.arange(batch), np.arange(3), np.arange(size), np.arange(size), indexing="ij")
    return (100 * np.sin(0.05 * (h + 1) * (c + 1) + 0.031 * (w + 1) * (n + 1) + 0.7 * n)).astype(np.float32)
