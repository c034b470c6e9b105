"""Tests of the reference spectrum features (features.py)."""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import features  # noqa: E402


def noise_image(height, width, seed=0):
    return np.random.default_rng(seed).integers(0, 256, size=(height, width, 3), dtype=np.uint8)


class SpectrumFeaturesTest(unittest.TestCase):
    def test_features_have_300_finite_values_starting_at_one(self):
        for height, width in [(64, 64), (126, 126), (140, 98), (25, 25)]:
            f = features.spectrum_features(noise_image(height, width))
            self.assertEqual(f.shape, (300,))
            self.assertEqual(f[0], 1.0)
            self.assertTrue(np.all(np.isfinite(f)))

    def test_grayscale_rounds_like_opencv_fixed_point(self):
        rgb = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255], [10, 20, 30]]], dtype=np.uint8)
        # 0.299/0.587/0.114 in 14-bit fixed point, rounded: 76.2, 149.7, 29.1, 255, 18.15
        self.assertEqual(features.grayscale(rgb).tolist(), [[76, 150, 29, 255, 18]])

    def test_inner_face_keeps_the_centre_third(self):
        gray = np.arange(126 * 100).reshape(126, 100)
        inner = features.inner_face(gray)
        self.assertEqual(inner.shape, (126 - 2 * 42, 100 - 2 * 33))
        self.assertEqual(inner[0, 0], gray[42, 33])

    def test_azimuthal_average_is_the_mean_per_integer_radius_without_first_and_last(self):
        image = np.random.default_rng(3).normal(size=(9, 12))
        centre = (12 - 1) / 2.0  # the x extent for both axes, as upstream
        bins = {}
        for y in range(9):
            for x in range(12):
                bins.setdefault(int(np.hypot(x - centre, y - centre)), []).append(image[y, x])
        radii = sorted(bins)[1:-1]
        expected = [np.mean(bins[r]) for r in radii]
        np.testing.assert_allclose(features.azimuthal_average(image), expected, rtol=1e-12)

    def test_resample_reproduces_a_cubic_exactly(self):
        # A not-a-knot spline through samples of a cubic is that cubic.
        def cubic(t):
            return 5 + 0.3 * t - 0.002 * t ** 2 + 1e-6 * t ** 3

        profile = cubic(np.linspace(0, 300, 37))
        expected = cubic(np.linspace(0, 300, 300))
        np.testing.assert_allclose(features.resample(profile), expected / expected[0], rtol=1e-12)

    def test_small_crops_are_refused_with_their_size(self):
        with self.assertRaisesRegex(ValueError, "24x30"):
            features.spectrum_features(noise_image(30, 24))

    def test_raw_file_of_the_wrong_size_is_refused(self):
        path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"spectrum-test-{os.getpid()}.rgb")
        np.zeros(10, dtype=np.uint8).tofile(path)
        try:
            with self.assertRaisesRegex(ValueError, "expected 12 bytes"):
                features.read_raw(path, 2, 2)
        finally:
            os.remove(path)


if __name__ == "__main__":
    unittest.main()
