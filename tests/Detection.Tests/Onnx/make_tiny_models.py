"""Writes the tiny ONNX models the ONNX Runtime binding tests run, into the directory given as the only argument.

Each model has exactly known outputs, so the tests can check results numerically:
  affine.onnx          x[2,3]                   -> y = x * 2 + 1
  matmul_batch.onnx    x[batch,4]               -> y = x @ W, W[4,2] = [[1,0],[0,1],[1,1],[2,-1]]
  two_in_two_out.onnx  a[3], b[3]               -> sum = a + b, product = a * b
  sigmoid.onnx         x[batch,5]               -> y = sigmoid(x)
  shape_of.onnx        x[batch,3]               -> shape = Shape(x), an int64 output
"""
import os
import sys

import numpy as np
from onnx import TensorProto, checker, helper, numpy_helper, save

OPSET = 13
IR_VERSION = 7


def model(name, nodes, inputs, outputs, initializers=()):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=list(initializers))
    result = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="deepscan-tests")
    result.ir_version = IR_VERSION
    checker.check_model(result)
    return result


def floats(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def constant(name, values):
    return numpy_helper.from_array(np.asarray(values, dtype=np.float32), name)


def build():
    yield "affine.onnx", model(
        "affine",
        [helper.make_node("Mul", ["x", "two"], ["doubled"]), helper.make_node("Add", ["doubled", "one"], ["y"])],
        [floats("x", [2, 3])],
        [floats("y", [2, 3])],
        [constant("two", 2.0), constant("one", 1.0)],
    )
    yield "matmul_batch.onnx", model(
        "matmul_batch",
        [helper.make_node("MatMul", ["x", "w"], ["y"])],
        [floats("x", ["batch", 4])],
        [floats("y", ["batch", 2])],
        [constant("w", [[1, 0], [0, 1], [1, 1], [2, -1]])],
    )
    yield "two_in_two_out.onnx", model(
        "two_in_two_out",
        [helper.make_node("Add", ["a", "b"], ["sum"]), helper.make_node("Mul", ["a", "b"], ["product"])],
        [floats("a", [3]), floats("b", [3])],
        [floats("sum", [3]), floats("product", [3])],
    )
    yield "sigmoid.onnx", model(
        "sigmoid",
        [helper.make_node("Sigmoid", ["x"], ["y"])],
        [floats("x", ["batch", 5])],
        [floats("y", ["batch", 5])],
    )
    yield "shape_of.onnx", model(
        "shape_of",
        [helper.make_node("Shape", ["x"], ["shape"])],
        [floats("x", ["batch", 3])],
        [helper.make_tensor_value_info("shape", TensorProto.INT64, [2])],
    )


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_tiny_models.py OUTPUT_DIR")
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for file_name, onnx_model in build():
        save(onnx_model, os.path.join(out_dir, file_name))


if __name__ == "__main__":
    main()
