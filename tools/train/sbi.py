"""Self-blended images (Shiohara and Yamasaki, CVPR 2022): pseudo-fakes made from one real face.

A face is blended with a slightly altered copy of itself (colour, resolution, a small resize and shift) through a
soft face-shaped mask. The result has no generator's fingerprint, only what every face swap leaves: a blending
boundary, a colour and resolution mismatch between the inner face and its surroundings, and a slight misalignment.
A detector that learns those transfers across generators better than one that learns a data set's look.

The paper draws the mask from facial landmarks (hull_mask: one of four hulls of the 68 points, deformed, eroded and
blurred as its code does), which `--sbi-mask landmarks` uses, the points found by landmarks.py. By default the mask is
an ellipse about the crop's centre (the engine's crops are squares centred on the detector box), its outline
perturbed by low-order harmonics, then blurred by a random amount (face_mask).

swap_blend makes the other kind of pseudo-fake `--swap-share` asks for: another real person's face blended in through
the same mask (the blended images of Li et al., Face X-ray, CVPR 2020), as a face swap does.
"""
import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage
from scipy.spatial import ConvexHull, QhullError

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


# Face parts by 68-point index, as the masks SBI draws from (its DeepFakeMask: dfl_full, components, extended,
# facehull). Each part is filled as its convex hull; the mask is the union.
_COMPONENTS = [np.r_[0:9, 17], np.r_[8:17, 26], np.r_[17:20, 8], np.r_[24:27, 8], np.r_[19:25, 8],
               np.r_[17:22, 27, 31:36, 8], np.r_[22:27, 27, 31:36, 8], np.r_[27:31, 31:36]]
HULLS = {
    "dfl_full": [np.r_[0:17, 48:68, 0, 8, 16], np.r_[27:31, 33], np.r_[17:27, 0, 27, 16, 33]],
    "components": _COMPONENTS,
    "extended": _COMPONENTS,  # with the brows raised up the forehead first
    "facehull": [np.arange(68)],
}


def _raise_brows(points):
    """SBI's 'extended' mask: each brow moved up by half its distance from the eye below it."""
    points = points.copy()
    left_side, right_side = (points[36] + points[0]) / 2, (points[16] + points[45]) / 2
    below_left = np.array([(points[36] + left_side) / 2, points[36], points[37], points[38], points[39]])
    below_right = np.array([points[42], points[43], points[44], points[45], (points[45] + right_side) / 2])
    points[17:22] += (points[17:22] - below_left) / 2
    points[22:27] += (points[22:27] - below_right) / 2
    return points


def _hull(points):
    """Convex hull of 2-D points as the polygon to fill: counter-clockwise from the lowest x (then y)."""
    try:
        corners = points[ConvexHull(points).vertices]
    except QhullError:  # fewer than three points, or all on one line: no area to fill
        return list(map(tuple, points))
    first = np.lexsort((corners[:, 1], corners[:, 0]))[0]
    return list(map(tuple, np.roll(corners, -first, axis=0)))


def _cv2_gaussian(mask, kernel, sigma=0):
    """OpenCV's GaussianBlur with a square kernel (sigma 0: derived from the kernel as OpenCV does)."""
    sigma = sigma or 0.3 * ((kernel - 1) * 0.5 - 1) + 0.8
    taps = np.exp(-0.5 * ((np.arange(kernel) - kernel // 2) / sigma) ** 2)
    taps /= taps.sum()
    mask = ndimage.convolve1d(mask, taps, axis=0, mode="mirror")
    return ndimage.convolve1d(mask, taps, axis=1, mode="mirror")


def hull_mask(points, height, width, rng):
    """A soft mask from the face's 68 landmarks (x, y in crop pixels), as SBI makes it: one of four hulls, its outline
    deformed elastically, then, at a side of 192-256 px, blurred, eroded to where the blur left it whole, and blurred
    again by a random amount. None when the landmarks cannot be a face in this crop (the caller draws an ellipse)."""
    kind = list(HULLS)[rng.integers(len(HULLS))]
    if kind == "extended":
        points = _raise_brows(points)
    picture = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(picture)
    for part in HULLS[kind]:
        draw.polygon(_hull(points[part]), fill=255)
    mask = np.asarray(picture, dtype=np.float32) / 255
    if not 0.08 < mask.mean() < 0.8:
        return None
    # SBI's ElasticTransform (alpha 50, sigma 7) on the mask, at its 380 px crops: displacements of a few pixels.
    scale = width / 380
    shift = [ndimage.gaussian_filter(rng.uniform(-1, 1, (height, width)), 7 * scale) * 50 * scale for _ in range(2)]
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    mask = ndimage.map_coordinates(mask, [y + shift[0], x + shift[1]], order=1, mode="constant")
    size = (int(rng.integers(192, 257)), int(rng.integers(192, 257)))
    small = np.asarray(Image.fromarray(mask).resize(size, Image.BILINEAR))
    blurred = _cv2_gaussian(small, int(rng.choice(np.arange(5, 26, 2))))
    blurred = np.where(blurred / max(blurred.max(), 1e-6) < 1, 0, 1).astype(np.float32)
    blurred = _cv2_gaussian(blurred, int(rng.choice(np.arange(5, 26, 2))), int(rng.integers(5, 46)))
    peak = blurred.max()
    if peak <= 0:
        return None
    return np.asarray(Image.fromarray(blurred / peak).resize((width, height), Image.BILINEAR))


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


def self_blend(face, rng, landmarks=None):
    """A pseudo-fake from one real face crop (uint8 HxWx3): returns the blended uint8 image and its mask. With the
    face's 68 `landmarks` the mask follows the face (hull_mask); without, it is an ellipse about the crop's centre."""
    original = face.astype(np.float32)
    altered = _resolution_shift(_colour_shift(original, rng), rng)
    # As in the paper, the colour and resolution change goes to either side of the boundary.
    source, target = (altered, original) if rng.random() < 0.5 else (original, altered)
    source = _misalign(source, rng)
    mask = hull_mask(landmarks, face.shape[0], face.shape[1], rng) if landmarks is not None else None
    if mask is None:
        mask = face_mask(face.shape[0], face.shape[1], rng)
    mask = mask * rng.choice(BLEND_RATIOS)
    blended = mask[..., None] * source + (1 - mask[..., None]) * target
    return np.clip(blended + 0.5, 0, 255).astype(np.uint8), mask


def _match_colour(source, target, mask):
    """The source's colours moved to the target's mean and spread per channel, both measured inside the mask: the
    colour correction face-swap tools apply before they blend."""
    weights = mask[..., None] / max(float(mask.sum()), 1e-6)
    mean_s, mean_t = (source * weights).sum((0, 1)), (target * weights).sum((0, 1))
    std_s = np.sqrt((((source - mean_s) ** 2) * weights).sum((0, 1))) + 1e-3
    std_t = np.sqrt((((target - mean_t) ** 2) * weights).sum((0, 1)))
    return np.clip((source - mean_s) * (std_t / std_s) + mean_t, 0, 255)


def swap_blend(face, donor, rng):
    """A pseudo-fake whose inner face is `donor`'s (another real person's crop, uint8, any size, framed like `face`):
    resized to the face's crop, colour-matched half the time, given the resolution change half the time, slightly
    misaligned and blended in, fully, through an ellipse mask. Besides a blend's boundary it shows two people's features
    meeting at the seam, which a self-blend cannot. Returns the uint8 image and its mask."""
    height, width = face.shape[:2]
    target = face.astype(np.float32)
    source = np.asarray(Image.fromarray(donor).resize((width, height), Image.BILINEAR), dtype=np.float32)
    mask = face_mask(height, width, rng)
    if rng.random() < 0.5:
        source = _match_colour(source, target, mask)
    if rng.random() < 0.5:
        source = _resolution_shift(source, rng)
    source = _misalign(source, rng)
    # Always a full blend: part of one person over part of another shows both faces' eyes and mouths, a ghost that no
    # face swap leaves and that would teach the network a shortcut.
    blended = mask[..., None] * source + (1 - mask[..., None]) * target
    return np.clip(blended + 0.5, 0, 255).astype(np.uint8), mask
