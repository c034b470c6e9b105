"""Training augmentation in the albumentations style, on uint8 RGB arrays, seeded.

What a face goes through between a camera and our detector: re-compression at any quality, rescaling, blur, noise,
colour changes, mirroring, and a detector box that is never framed quite the same. Crops near a frame's edge (and
whole-frame face clips) reach the engine with black borders, so some views get one.

Every change a self-blended pseudo-fake makes to part of a face (sbi.py: sharpen, down-and-up scale, colour) is also
made here to whole views of both classes, so the change itself says nothing about the label: only its boundary inside
the face does. Without that, "sharper than usual" meant fake, and sharp real videos scored as fakes.
"""
import io

import numpy as np
from PIL import Image, ImageEnhance, ImageFilter
from scipy import ndimage


def square_resize(image, size):
    """An (assumed square) crop resized to size x size with an antialiased bilinear filter, as the engine does."""
    return np.asarray(Image.fromarray(image).resize((size, size), Image.BILINEAR))


def _reframe(image, rng):
    """A random square window of 85-100% of the side (a different detector box), sometimes zoomed out with black."""
    h, w = image.shape[:2]
    if rng.random() < 0.15:
        side = int(round(w * rng.uniform(1.05, 1.3)))
        canvas = np.zeros((side, side, 3), np.uint8)
        top, left = rng.integers(0, side - h + 1), rng.integers(0, side - w + 1)
        canvas[top:top + h, left:left + w] = image
        return canvas
    side = int(round(min(h, w) * rng.uniform(0.85, 1.0)))
    top, left = rng.integers(0, h - side + 1), rng.integers(0, w - side + 1)
    return image[top:top + side, left:left + side]


def _jpeg(image, quality):
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="JPEG", quality=int(quality))
    buffer.seek(0)
    return np.asarray(Image.open(buffer).convert("RGB"))


def unsharp(image, rng):
    """An unsharp mask of random radius and strength on a float or uint8 HxWx3 image; returns float32."""
    image = image.astype(np.float32)
    blurred = ndimage.gaussian_filter(image, (rng.uniform(0.5, 1.6),) * 2 + (0,))
    return np.clip(image + rng.uniform(0.3, 1.0) * (image - blurred), 0, 255)


def augment(image, rng, size):
    """One training view (uint8 size x size x 3) of a face crop."""
    image = square_resize(_reframe(image, rng), size)
    if rng.random() < 0.5:
        image = image[:, ::-1]
    picture = Image.fromarray(np.ascontiguousarray(image))
    if rng.random() < 0.5:
        picture = ImageEnhance.Brightness(picture).enhance(rng.uniform(0.8, 1.2))
        picture = ImageEnhance.Contrast(picture).enhance(rng.uniform(0.8, 1.2))
        picture = ImageEnhance.Color(picture).enhance(rng.uniform(0.7, 1.3))
    if rng.random() < 0.15:
        picture = picture.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.2)))
    if rng.random() < 0.25:
        small = max(16, int(size * rng.uniform(0.3, 0.8)))
        picture = picture.resize((small, small), Image.BILINEAR).resize((size, size), Image.BILINEAR)
    image = np.asarray(picture)
    if rng.random() < 0.25:
        image = (unsharp(image, rng) + 0.5).astype(np.uint8)
    if rng.random() < 0.15:
        noise = rng.normal(0, rng.uniform(2, 6), image.shape)
        image = np.clip(image + noise, 0, 255).astype(np.uint8)
    if rng.random() < 0.6:
        image = _jpeg(image, rng.uniform(35, 95))
    return image


def plain(image, size):
    """The view used for validation: the crop as the engine's member sees it, nothing else."""
    return square_resize(image, size)
