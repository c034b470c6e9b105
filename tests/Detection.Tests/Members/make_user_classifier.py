"""Writes the tiny "user-added" ONNX image classifiers the member tests load through a manifest entry.

Both compute, for an NCHW float input x[N, 3, 8, 8]: y = sigmoid(mean_hw(x) @ W + b), an [N, 2] output whose
column 1 the tests read as P(fake). W and b are the constants in UserClassifierModel.cs.
  user_classifier.onnx         dynamic batch
  user_classifier_batch2.onnx  batch fixed at 2, as some exporters write it
"""
import os
import sys

import numpy as np
from onnx import TensorProto, checker, helper, numpy_helper, save

W = np.array([[1.0, -2.0], [0.5, 1.5], [-1.0, 0.25]], dtype=np.float32)
B = np.array([0.1, -0.3], dtype=np.float32)


def build(batch):
    nodes = [
        helper.make_node("GlobalAveragePool", ["pixels"], ["pooled"]),
        helper.make_node("Flatten", ["pooled"], ["features"], axis=1),
        helper.make_node("Gemm", ["features", "w", "b"], ["logits"]),
        helper.make_node("Sigmoid", ["logits"], ["scores"]),
    ]
    graph = helper.make_graph(
        nodes, "user_classifier",
        [helper.make_tensor_value_info("pixels", TensorProto.FLOAT, [batch, 3, 8, 8])],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, [batch, 2])],
        [numpy_helper.from_array(W, "w"), numpy_helper.from_array(B, "b")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="deepscan-tests")
    checker.check_model(model)
    return model


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    save(build("N"), os.path.join(out_dir, "user_classifier.onnx"))
    save(build(2), os.path.join(out_dir, "user_classifier_batch2.onnx"))


if __name__ == "__main__":
    main(sys.argv[1])
