"""Tests for the MesoNet converter and the numpy reference. Run by test.sh (unittest discovery from the repo root).

Whether ONNX Runtime computes what the reference computes is checked on the C# side
(tests/Detection.Tests/Members), since Python here has no ONNX Runtime.
"""
import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np
import onnx

from tools.mesonet import convert, reference

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL_DIR = os.environ.get("DEEPSCAN_MODEL_DIR") or os.path.join(REPO, ".deepscan", "models")
WEIGHTS = {name: os.path.join(MODEL_DIR, "mesonet", name + ".h5")
           for name in ("Meso4_DF", "Meso4_F2F", "MesoInception_DF", "MesoInception_F2F")}
HAVE_WEIGHTS = all(os.path.exists(p) for p in WEIGHTS.values())
NEEDS_WEIGHTS = "MesoNet weights missing from the model directory; run ./setup.sh"


def naive_conv(x, kernel, bias, dilation):
    """Direct per-output-pixel convolution with explicit bounds checks: the textbook definition of 'same'."""
    n, h, w, _ = x.shape
    kh, kw, _, cout = kernel.shape
    top = (kh - 1) * dilation // 2
    left = (kw - 1) * dilation // 2
    out = np.zeros((n, h, w, cout))
    for y in range(h):
        for xx in range(w):
            for i in range(kh):
                for j in range(kw):
                    sy, sx = y - top + i * dilation, xx - left + j * dilation
                    if 0 <= sy < h and 0 <= sx < w:
                        out[:, y, xx, :] += x[:, sy, sx, :] @ kernel[i, j]
    return out + bias


class ReferenceLayerTests(unittest.TestCase):
    def test_same_pads_follow_tensorflow(self):
        self.assertEqual(reference.same_pads(256, 3), (1, 1))
        self.assertEqual(reference.same_pads(64, 3, 1, 3), (3, 3))
        self.assertEqual(reference.same_pads(5, 2, 2), (0, 1))  # odd pixel goes after
        self.assertEqual(reference.same_pads(16, 4, 4), (0, 0))

    def test_conv_matches_direct_definition_with_dilation(self):
        rng = np.random.default_rng(0)
        x = rng.normal(size=(2, 9, 7, 3))
        for k, d in ((1, 1), (3, 1), (5, 1), (3, 2), (3, 3)):
            kernel, bias = rng.normal(size=(k, k, 3, 4)), rng.normal(size=4)
            np.testing.assert_allclose(reference.conv2d(x, kernel, bias, d), naive_conv(x, kernel, bias, d),
                                       atol=1e-12, err_msg=f"kernel {k} dilation {d}")

    def test_max_pool_same_on_odd_size_ignores_padding(self):
        x = -np.arange(25, dtype=np.float64).reshape(1, 5, 5, 1) - 1  # all negative: zero padding would win
        pooled = reference.max_pool(x, 2)
        self.assertEqual(pooled.shape, (1, 3, 3, 1))
        self.assertEqual(pooled[0, 2, 2, 0], -25)
        self.assertEqual(pooled[0, 0, 0, 0], -1)

    def test_batch_norm_uses_keras_epsilon(self):
        y = reference.batch_norm(np.array([3.0]), 2.0, 0.5, 1.0, 4.0)
        self.assertAlmostEqual(y[0], 2.0 * 2.0 / np.sqrt(4.0 + 1e-3) + 0.5)


@unittest.skipUnless(HAVE_WEIGHTS, NEEDS_WEIGHTS)
class WeightOrderTests(unittest.TestCase):
    """The converter orders layers by Keras creation number, the reference by the file's topological order;
    both must name the same arrays for every role, or one of them misreads upstream's model."""

    def test_meso_inception_roles_agree(self):
        for name in ("MesoInception_DF", "MesoInception_F2F"):
            by_creation = convert.read_layers(WEIGHTS[name])["conv2d"]
            topological = [w for layer, w in reference.weighted_layers(WEIGHTS[name]) if layer.startswith("conv2d")]
            # topological per block: b1, c1, d1, a1, b3, c3, d3; creation: a1, b1, b3, c1, c3, d1, d3
            creation_index = [1, 3, 5, 0, 2, 4, 6]
            for block in (0, 7):
                for position, role in enumerate(creation_index):
                    for a, b in zip(topological[block + position], by_creation[block + role]):
                        np.testing.assert_array_equal(a, b)
            for a, b in zip(topological[14] + topological[15], by_creation[14] + by_creation[15]):
                np.testing.assert_array_equal(a, b)

    def test_meso4_convs_have_upstream_shapes(self):
        convs = convert.read_layers(WEIGHTS["Meso4_DF"])["conv2d"]
        self.assertEqual([c[0].shape for c in convs], [(3, 3, 3, 8), (5, 5, 8, 8), (5, 5, 8, 16), (5, 5, 16, 16)])


@unittest.skipUnless(HAVE_WEIGHTS, NEEDS_WEIGHTS)
class ConverterTests(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def test_every_model_is_valid_nhwc_with_dynamic_batch_and_source_hash(self):
        for name, h5 in WEIGHTS.items():
            target = os.path.join(self.dir.name, name + ".onnx")
            self.assertTrue(convert.convert(h5, target))
            model = onnx.load(target)
            onnx.checker.check_model(model)
            self.assertEqual(model.opset_import[0].version, 13)
            (inp,), (out,) = model.graph.input, model.graph.output
            self.assertEqual(inp.name, "input")
            dims = inp.type.tensor_type.shape.dim
            self.assertEqual([d.dim_param or d.dim_value for d in dims], ["N", 256, 256, 3])
            self.assertEqual(out.name, "real_probability")
            self.assertEqual([d.dim_param or d.dim_value for d in out.type.tensor_type.shape.dim], ["N", 1])
            props = {p.key: p.value for p in model.metadata_props}
            self.assertEqual(props["deepscan.source_sha256"], convert.sha256(h5))
            expected = "MesoInception4" if "Inception" in name else "Meso4"
            self.assertEqual(props["deepscan.architecture"], expected)
            ops = {n.op_type for n in model.graph.node}
            self.assertIn("LeakyRelu", ops)
            self.assertEqual(sum(n.op_type == "Conv" for n in model.graph.node), 16 if "Inception" in name else 4)

    def test_dilated_convolutions_are_kept(self):
        target = os.path.join(self.dir.name, "mi.onnx")
        convert.convert(WEIGHTS["MesoInception_DF"], target)
        dilations = sorted({tuple(a.ints) for n in onnx.load(target).graph.node if n.op_type == "Conv"
                            for a in n.attribute if a.name == "dilations"})
        self.assertEqual(dilations, [(1, 1), (2, 2), (3, 3)])

    def test_second_run_keeps_the_file_and_a_stale_hash_rebuilds_it(self):
        target = os.path.join(self.dir.name, "m.onnx")
        self.assertTrue(convert.convert(WEIGHTS["Meso4_DF"], target))
        self.assertFalse(convert.convert(WEIGHTS["Meso4_DF"], target))
        model = onnx.load(target)
        for p in model.metadata_props:
            if p.key == "deepscan.source_sha256":
                p.value = "0" * 64
        onnx.save(model, target)
        self.assertTrue(convert.convert(WEIGHTS["Meso4_DF"], target))
        self.assertFalse(convert.convert(WEIGHTS["Meso4_DF"], target))

    def test_a_truncated_output_is_rebuilt(self):
        target = os.path.join(self.dir.name, "m.onnx")
        with open(target, "wb") as f:
            f.write(b"\x08\x07garbage")
        self.assertTrue(convert.convert(WEIGHTS["Meso4_F2F"], target))
        onnx.checker.check_model(onnx.load(target))

    def test_main_converts_only_members_derived_from_h5(self):
        manifest = {
            "files": [{"name": "Meso4_DF.h5", "path": "mesonet/Meso4_DF.h5"},
                      {"name": "other.onnx", "path": "other/other.onnx"}],
            "members": [
                {"name": "meso", "file": "out/meso.onnx", "derivedFrom": ["Meso4_DF.h5"]},
                {"name": "plain", "file": "other/other.onnx"},
                {"name": "copied", "file": "out/copied.onnx", "derivedFrom": ["other.onnx"]},
            ],
        }
        path = os.path.join(self.dir.name, "manifest.json")
        with open(path, "w") as f:
            json.dump(manifest, f)
        model_dir = os.path.join(self.dir.name, "models")
        os.makedirs(os.path.join(model_dir, "mesonet"))
        os.symlink(WEIGHTS["Meso4_DF"], os.path.join(model_dir, "mesonet", "Meso4_DF.h5"))
        with contextlib.redirect_stdout(io.StringIO()) as out:
            self.assertEqual(convert.main(["--manifest", path, "--model-dir", model_dir]), 0)
        self.assertEqual(out.getvalue().strip(), f"meso: wrote {os.path.join(model_dir, 'out', 'meso.onnx')}")
        self.assertEqual(sorted(os.listdir(os.path.join(model_dir, "out"))), ["meso.onnx"])

    def test_missing_weights_fail_with_the_fix(self):
        path = os.path.join(self.dir.name, "manifest.json")
        with open(path, "w") as f:
            json.dump({"files": [{"name": "w.h5", "path": "mesonet/w.h5"}],
                       "members": [{"name": "m", "file": "m.onnx", "derivedFrom": ["w.h5"]}]}, f)
        result = subprocess.run([sys.executable, os.path.join(REPO, "tools", "mesonet", "convert.py"),
                                 "--manifest", path, "--model-dir", self.dir.name],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 1)
        self.assertIn("w.h5 is missing", result.stderr)
        self.assertIn("run ./setup.sh", result.stderr)


class UnknownArchitectureTests(unittest.TestCase):
    def test_foreign_keras_file_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "foreign.h5")
            with h5py.File(path, "w") as f:
                f.attrs["layer_names"] = np.array([b"dense_1"], dtype="S")  # as Keras writes them
                g = f.create_group("dense_1")
                g.attrs["weight_names"] = np.array([b"dense_1/kernel:0", b"dense_1/bias:0"], dtype="S")
                g.create_dataset("dense_1/kernel:0", data=np.zeros((4, 1), np.float32))
                g.create_dataset("dense_1/bias:0", data=np.zeros(1, np.float32))
            with self.assertRaisesRegex(convert.ConversionError, "neither Meso4 nor MesoInception4"):
                convert.convert(path, os.path.join(d, "out.onnx"))
            self.assertFalse(os.path.exists(os.path.join(d, "out.onnx")))


if __name__ == "__main__":
    unittest.main()
