#!/usr/bin/env python3
"""Reference spectrum features (Durall et al. 2019, "Unmasking DeepFakes with simple Features").

The recipe of the authors' code (github.com/cc-hpc-itwm/DeepFakeDetection), step by step:
  1. grayscale: OpenCV's 8-bit RGB2GRAY, (4899 R + 9617 G + 1868 B + 2^13) >> 14, i.e. 0.299/0.587/0.114
     rounded to an integer byte as cv2 does;
  2. the inner face: the centre third kept as `img[h:-h, w:-w]` with h = H // 3, w = W // 3 (see
     `inner_face` for why); the crop is used at its own resolution, never resized;
  3. 2-D FFT, fftshift, `fshift += 1e-8` (added to the complex value), `20 * ln(|fshift|)`;
  4. azimuthal average as the authors' radialProfile.azimuthalAverage: centre ((W-1)/2, (W-1)/2) (the x
     extent for both axes, as upstream), integer radii floor(hypot), mean per radius, dropping the first
     and the last radius present;
  5. cubic interpolation onto 300 points: griddata(method='cubic') in 1-D is interp1d(kind='cubic'), a
     not-a-knot cubic spline through (linspace(0, 300, M), profile) evaluated at linspace(0, 300, 300);
  6. division by the first value.
The C# engine (src/Detection/Spectrum) implements the same steps and is tested against this file.

Command line (what the C# test runs): `features.py --raw FILE --width W --height H` reads packed RGB bytes
and prints the 300 features as a JSON list.
"""
import argparse
import json
import sys

import numpy as np
from scipy.interpolate import interp1d

FEATURE_COUNT = 300
EPSILON = 1e-8
MIN_SIDE = 25  # smallest side for which the inner third always leaves the 4 radii a cubic spline needs


def grayscale(rgb):
    """OpenCV's COLOR_RGB2GRAY on uint8: fixed-point 0.299/0.587/0.114 with rounding (yuv_shift 14)."""
    rgb = rgb.astype(np.int64)
    return ((rgb[..., 0] * 4899 + rgb[..., 1] * 9617 + rgb[..., 2] * 1868 + (1 << 13)) >> 14).astype(np.uint8)


def inner_face(gray):
    """The centre third of the crop (`img[h:-h, w:-w]`).

    The authors' repository ships no extraction script for FaceForensics++; the scripts built on it for video
    frames cut this centre third ("we crop the center"). The shared reference rows agree: the length of each
    row's radial profile (recoverable from its spline knots) puts their images at about 30 to 140 pixels,
    which is the inner third of face crops like deepscan's (the MesoNet crops give profiles of 25 to 120 radii
    this way, against 76 to 360 uncropped), and features of the inner third transfer better between the two.
    """
    h = gray.shape[0] // 3
    w = gray.shape[1] // 3
    return gray[h:gray.shape[0] - h, w:gray.shape[1] - w]


def log_magnitude(gray):
    f = np.fft.fftshift(np.fft.fft2(gray.astype(np.float64)))
    f += EPSILON
    return 20 * np.log(np.abs(f))


def azimuthal_average(image):
    """radialProfile.azimuthalAverage of the authors' repository, written with bincount (same result)."""
    y, x = np.indices(image.shape)
    centre = (x.max() - x.min()) / 2.0
    r = np.hypot(x - centre, y - centre).astype(int).ravel()
    sums = np.bincount(r, weights=image.ravel().astype(np.float64))
    counts = np.bincount(r)
    present = np.nonzero(counts)[0]
    kept = present[1:-1]
    return sums[kept] / counts[kept]


def resample(profile, n=FEATURE_COUNT):
    points = np.linspace(0, n, num=profile.size)
    xi = np.linspace(0, n, num=n)
    interpolated = interp1d(points, profile, kind="cubic")(xi)
    return interpolated / interpolated[0]


def spectrum_features(rgb):
    """The 300 spectrum features of one face crop given as an HxWx3 uint8 RGB array."""
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise ValueError(f"expected an HxWx3 uint8 RGB array, got {rgb.dtype} {rgb.shape}")
    if min(rgb.shape[0], rgb.shape[1]) < MIN_SIDE:
        raise ValueError(f"face crop {rgb.shape[1]}x{rgb.shape[0]} is smaller than {MIN_SIDE} pixels a side")
    return resample(azimuthal_average(log_magnitude(inner_face(grayscale(rgb)))))


def read_raw(path, width, height):
    data = np.fromfile(path, dtype=np.uint8)
    if data.size != width * height * 3:
        raise ValueError(f"{path}: expected {width * height * 3} bytes for {width}x{height} RGB, got {data.size}")
    return data.reshape(height, width, 3)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", required=True, help="packed 8-bit RGB file, rows without padding")
    parser.add_argument("--width", type=int, required=True)
    parser.add_argument("--height", type=int, required=True)
    args = parser.parse_args(argv)
    features = spectrum_features(read_raw(args.raw, args.width, args.height))
    json.dump([float(v) for v in features], sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
