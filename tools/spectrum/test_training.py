"""Tests of the spectrum training tool: the JSON model's conventions, determinism and missing data."""
import contextlib
import io
import json
import os
import sys
import tempfile
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model_json  # noqa: E402
import train  # noqa: E402
import training  # noqa: E402


def synthetic_rows(count, seed):
    """Two overlapping classes of 300-value rows shaped like spectrum features."""
    rng = np.random.default_rng(seed)
    fake = np.arange(count) % 2
    t = np.linspace(0, 1, 300)
    x = 1 - 0.5 * t + (0.05 * fake)[:, None] * t ** 2 + rng.normal(0, 0.03, size=(count, 300))
    x[:, 0] = 1.0
    return x, fake


def write_csv(path, x, fake):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("label," + ",".join(f"f{i}" for i in range(300)) + "\n")
        for row, label in zip(x, fake):
            f.write(("FAKE" if label else "REAL") + "," + ",".join(repr(float(v)) for v in row) + "\n")


def quietly(function, *args):
    with contextlib.redirect_stdout(io.StringIO()) as out:
        result = function(*args)
    return result, out.getvalue()


class ModelJsonTest(unittest.TestCase):
    def test_exported_models_reproduce_sklearn_probabilities(self):
        x, y = synthetic_rows(120, seed=1)
        for kind in model_json.KINDS:
            fitted = training.candidate(kind).fit(x[:80], y[:80])
            document = model_json.export(kind, fitted, training.CLASSES, "FAKE")
            expected = fitted.predict_proba(x[80:])[:, 1]
            actual = [model_json.fake_probability(document, row) for row in x[80:]]
            np.testing.assert_allclose(actual, expected, rtol=0, atol=1e-12, err_msg=kind)

    def test_fake_class_first_flips_the_probability(self):
        x, y = synthetic_rows(60, seed=2)
        fitted = training.candidate("logistic").fit(x, y)
        document = model_json.export("logistic", fitted, ["FAKE", "REAL"], "FAKE")
        p1 = model_json.probability_of_second_class(document, x[0])
        self.assertAlmostEqual(model_json.fake_probability(document, x[0]), 1 - p1, places=15)

    def test_pairwise_coupling_stops_at_libsvm_tolerance(self):
        p0, p1 = model_json.pairwise_coupling(0.9)
        self.assertAlmostEqual(p0 + p1, 1.0, places=12)
        self.assertNotEqual(p0, 0.9)  # libsvm's iteration stops early; sklearn reports this value, not r
        self.assertLess(abs(p0 - 0.9), 0.01)


class TrainToolTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.data = os.path.join(self.tmp.name, "data")
        self.models = os.path.join(self.tmp.name, "models")
        self.manifest = os.path.join(self.tmp.name, "manifest.json")
        with open(self.manifest, "w") as f:
            json.dump({"members": [{"name": "spectrum", "kind": "spectrum", "file": "spec/model.json"}]}, f)

    def tearDown(self):
        self.tmp.cleanup()

    def run_tool(self, *extra):
        args = ["--manifest", self.manifest, "--model-dir", self.models, "--data-dir", self.data, *extra]
        return quietly(train.main, args)

    def output(self):
        with open(os.path.join(self.models, "spec", "model.json")) as f:
            return json.load(f)

    def test_training_is_deterministic_and_skipped_when_inputs_are_unchanged(self):
        write_csv(os.path.join(self.data, "spectrum", "ffpp_spectrum_300.csv"), *synthetic_rows(100, seed=4))
        code, out = self.run_tool()
        self.assertEqual(code, 0)
        self.assertIn("faces not found", out)
        first = self.output()
        self.assertEqual(first["training"]["sources"][0]["validation"], 20)
        self.assertIn(first["kind"], model_json.KINDS)

        _, out = self.run_tool()
        self.assertIn("up to date", out)

        os.remove(os.path.join(self.models, "spec", "model.json"))
        self.run_tool()
        second = self.output()
        for document in (first, second):
            del document["training"]["seconds"]
        self.assertEqual(first, second)

    def test_forced_kind_is_saved_and_changes_the_input_hash(self):
        write_csv(os.path.join(self.data, "spectrum", "ffpp_spectrum_300.csv"), *synthetic_rows(60, seed=5))
        self.run_tool("--kind", "logistic")
        logistic = self.output()
        self.run_tool("--kind", "svm-rbf")
        svm = self.output()
        self.assertEqual((logistic["kind"], svm["kind"]), ("logistic", "svm-rbf"))
        self.assertNotEqual(logistic["training"]["inputHash"], svm["training"]["inputHash"])
        self.assertEqual(len(svm["checks"]), training.CHECK_ROWS)

    def test_no_data_builds_nothing_and_says_so(self):
        code, out = self.run_tool()
        self.assertEqual(code, 0)
        self.assertIn("no training data", out)
        self.assertFalse(os.path.exists(os.path.join(self.models, "spec", "model.json")))


if __name__ == "__main__":
    unittest.main()
