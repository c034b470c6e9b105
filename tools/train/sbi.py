"""Self-blended images (Shiohara and Yamasaki, CVPR 2022): pseudo-fakes made from one real face.

A face is blended with a slightly altered copy of itself (colour, resolution, a small resize and shift) through a
soft face-shaped mask. The result has no generator's fingerprint, only what every face swap leaves: a blending
boundary, a colour and resolution mismatch between the inner face and its surroundings, and a slight misalignment.
A detector that learns those transfers across generators better than one that learns a data set's look.

The paper draws the mask from 81 facial landmarks. Our crops come from the engine (square, centred on the detector
box, the box 1/1.6 of the side), so the mask here is an ellipse around the box's centre, its outline perturbed by
low-order harmonics, then blurred by a random amount, which covers the same range of hull shapes and boundary widths.
"""
import numpy as np
from PIL import Image
from scipy import ndimage

from .augment import unsharp

# SBI's blend ratios: mostly a full blend, sometimes a partial one.
BLEND_RATIOS = (0.25, 0.5, 0.75, 1.0, 1.0, 1.0)


def face_mask(height, width, rng):
    """A soft mask (float32 in [0, 1]) over the inner face of an engine crop, with a random outline and softness."""
    cy = height / 2 + rng.uniform(-0.03, 0.03) * height
    cx = width / 2 + rng.uniform(-0.03, 0.03) * width
    ry = height * rng.uniform(0.30, 0.40)
    rx = width * rng.uniform(0.22, 0.32)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    dy, dx = (y - cy) / ry, (x - cx) / rx
    angle = np.arctan2(dy, dx)
    outline = np.ones_like(angle)
    for k in (2, 3, 4):
        outline += rng.uniform(-0.07, 0.07) * np.cos(k * angle + rng.uniform(0, 2 * np.pi))
    mask = (np.sqrt(dx * dx + dy * dy) <= outline).astype(np.float32)
    sigma = rng.uniform(0.01, 0.06) * width
    mask = ndimage.gaussian_filter(mask, sigma)
    peak = mask.max()
    return mask / peak if peak > 0 else mask


def _colour_shift(image, rng):
    """Per-channel gain and offset plus a gamma: the lighting mismatch of a pasted face."""
    gain = rng.uniform(0.92, 1.08, size=3).astype(np.float32)
    offset = rng.uniform(-12, 12, size=3).astype(np.float32)
    gamma = rng.uniform(0.85, 1.15)
    shifted = np.clip(image * gain + offset, 0, 255)
    return 255.0 * (shifted / 255.0) ** gamma


def _resolution_shift(image, rng):
    """A down-and-up scale or an unsharp mask: the resolution mismatch of a generated face (the paper's
    RandomDownScale or Sharpen)."""
    if rng.random() < 0.5:
        h, w = image.shape[:2]
        factor = rng.uniform(0.25, 0.7)
        small = Image.fromarray(np.clip(image + 0.5, 0, 255).astype(np.uint8)).resize(
            (max(8, round(w * factor)), max(8, round(h * factor))), Image.BILINEAR)
        return np.asarray(small.resize((w, h), Image.BILINEAR), dtype=np.float32)
    return unsharp(image, rng)


def _misalign(image, rng):
    """A small anisotropic resize and shift about the centre: the warp of a face fitted onto another."""
    h, w = image.shape[:2]
    sy, sx = rng.uniform(0.95, 1.05, size=2)
    ty, tx = rng.uniform(-0.02, 0.02, size=2) * (h, w)
    matrix = np.diag([1 / sy, 1 / sx])
    centre = np.array([h / 2, w / 2])
    offset = centre - matrix @ (centre + (ty, tx))
    return np.stack([ndimage.affine_transform(image[..., c], matrix, offset, order=1, mode="nearest")
                     for c in range(3)], axis=-1)


def self_blend(face, rng):
    """A pseudo-fake from one real face crop (uint8 HxWx3): returns the blended uint8 image and its mask."""
    original = face.astype(np.float32)
    altered = _resolution_shift(_colour_shift(original, rng), rng)
    # As in the paper, the colour and resolution change goes to either side of the boundary.
    source, target = (altered, original) if rng.random() < 0.5 else (original, altered)
    source = _misalign(source, rng)
    mask = face_mask(face.shape[0], face.shape[1], rng) * rng.choice(BLEND_RATIOS)
    blended = mask[..., None] * source + (1 - mask[..., None]) * target
    return np.clip(blended + 0.5, 0, 255).astype(np.uint8), mask
