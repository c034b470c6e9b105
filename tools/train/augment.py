"""Training augmentation in the albumentations style, on uint8 RGB arrays, seeded.

What a face goes through between a camera and our detector: re-compression at any quality, rescaling, blur, noise,
colour changes, mirroring, and a detector box that is never framed quite the same. The engine keeps every crop inside
the frame's picture (FaceCropper, PictureArea): a close-up face, or a face-crop clip (a face's box pasted on a black
canvas, as data sets and re-uploads do), reaches it as a square shrunk to the picture, framed tighter than usual and
without black, so some views are framed that tight. `clip_frame` (--clip-share) frames views as the engine saw such
clips before it trimmed black bars: a rectangle of face with black all round.

Every change a self-blended pseudo-fake makes to part of a face (sbi.py: sharpen, down-and-up scale, colour) is also
made here to whole views of both classes, so the change itself says nothing about the label: only its boundary inside
the face does. Without that, "sharper than usual" meant fake, and sharp real videos scored as fakes.
"""
import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageEnhance, ImageFilter
from scipy import ndimage


def frame_share(crop_margin, crop_sides):
    """The share of a training crop's side (`crop_sides` detector-box sides wide: sources.CROP_SIDES) that a member
    served with `crop_margin` (the manifest's cropMargin: the engine's square is 1 + 2 x margin box sides wide) sees,
    centred. 1.0 where the crop is no wider than that, as every source is at the default margin 0.3."""
    return min(1.0, (1 + 2 * crop_margin) / crop_sides)


def square_resize(image, size):
    """An (assumed square) crop resized to size x size with an antialiased bilinear filter, as the engine does."""
    return np.asarray(Image.fromarray(image).resize((size, size), Image.BILINEAR))


# The share of views framed as a close-up the engine shrank to the picture (--tight-share).
TIGHT_SHARE = 0.15


def _window(image, rng, frame=1.0, tight_share=TIGHT_SHARE):
    """A random square window of the crop as (top, left, side): 85-100% of the side (a different detector box), or for
    `tight_share` of views 60-85% (a close-up whose square the engine shrank to fit the picture: down to about 1.0
    box-sides instead of 1.6); all of it scaled by `frame` for a member served with a tighter crop (frame_share)."""
    h, w = image.shape[:2]
    low, high = (0.6, 0.85) if rng.random() < tight_share else (0.85, 1.0)
    side = int(round(min(h, w) * rng.uniform(low, high) * frame))
    top, left = rng.integers(0, h - side + 1), rng.integers(0, w - side + 1)
    return top, left, side


def clip_frame(image, width, height, dx=0.0, dy=0.0):
    """The view as a face-crop clip shows it: only a centred rectangle (fractions of the side, shifted by dx, dy)
    of the picture, black outside it."""
    side_h, side_w = image.shape[:2]
    w, h = int(round(side_w * width)), int(round(side_h * height))
    left = int(np.clip(round((side_w - w) / 2 + dx * side_w), 0, side_w - w))
    top = int(np.clip(round((side_h - h) / 2 + dy * side_h), 0, side_h - h))
    framed = np.zeros_like(image)
    framed[top:top + h, left:left + w] = image[top:top + h, left:left + w]
    return framed


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


def low_resolution(window, rng):
    """The window as a small face in a compressed video reaches the engine: shrunk to 48-112 px (a detector box of
    about 37-86 px at the 1.3-box-side crop), compressed at that size, and left for the engine's resize to enlarge.
    Re-compression at 224 px (augment) leaves a small face's 8 px blocks and lost detail unseen."""
    side = int(rng.uniform(48, 112))
    quality = rng.uniform(30, 75)
    if side < min(window.shape[:2]):
        window = np.asarray(Image.fromarray(np.ascontiguousarray(window)).resize((side, side), Image.BILINEAR))
    return _jpeg(window, quality)


def low_bitrate(window, rng):
    """The window as a low-bitrate re-encode leaves a face: compressed hard (JPEG quality 10-40, 8x8 blocks and 4:2:0
    colour as in MPEG-4 Part 2 or H.264 intra coding) at its own size, before the engine's resize. The dev set's
    Celeb-DF clips are MPEG-4 Part 2 at 70-320 kbit/s (about 0.1 bit a pixel); the views' own re-compression at 35-95
    is far lighter."""
    return _jpeg(window, rng.uniform(10, 40))


@dataclass(frozen=True)
class ViewOptions:
    """The shares of training views framed or degraded in each special way (train.py's --*-share options); the
    defaults are the shipped recipe's. `clip_share`: framed as a face-crop clip (clip_frame); `dark_share`: darkened
    to 30-60% brightness before noise and re-compression, a face filmed in low light, darker than any but a few
    FaceForensics++ faces (their 1st percentile of mean luminance is about 50 of 255); `tight_share`: framed as a
    close-up (_window); `lowres_share`: seen as a small face in a compressed video (low_resolution); `lowq_share`: as
    a face in a low-bitrate video (low_bitrate)."""
    clip_share: float = 0.0
    dark_share: float = 0.0
    tight_share: float = TIGHT_SHARE
    lowres_share: float = 0.0
    lowq_share: float = 0.0


def augment(image, rng, size, options=ViewOptions(), frame=1.0, mask=None):
    """One training view (uint8 size x size x 3) of a face crop, framed and degraded as `options` (ViewOptions) ask.
    `frame` (a share of the crop's side) frames the view as a tighter-cropped member sees it (frame_share). The
    draws depend only on `rng` and the image's size, so two images of one size augmented from the same generator
    state get the very same changes. A share of 0 draws nothing, so runs without an option keep their random stream
    (and their results). With a `mask` (float HxW, the crop's size) returns (view, mask) with the mask moved as the
    view's geometry moved (window, mirror, clip framing; at the window's resolution), and draws nothing more."""
    top, left, side = _window(image, rng, frame, options.tight_share)
    window = image[top:top + side, left:left + side]
    if mask is not None:
        mask = mask[top:top + side, left:left + side]
    if options.lowres_share > 0 and rng.random() < options.lowres_share:
        window = low_resolution(window, rng)
    if options.lowq_share > 0 and rng.random() < options.lowq_share:
        window = low_bitrate(window, rng)
    image = square_resize(window, size)
    if options.clip_share > 0 and rng.random() < options.clip_share:
        width, height, (dx, dy) = rng.uniform(0.55, 1.0), rng.uniform(0.65, 1.0), rng.uniform(-0.05, 0.05, 2)
        image = clip_frame(image, width, height, dx, dy)
        mask = None if mask is None else clip_frame(mask, width, height, dx, dy)
    if rng.random() < 0.5:
        image = image[:, ::-1]
        mask = None if mask is None else mask[:, ::-1]
    picture = Image.fromarray(np.ascontiguousarray(image))
    if rng.random() < 0.5:
        picture = ImageEnhance.Brightness(picture).enhance(rng.uniform(0.8, 1.2))
        picture = ImageEnhance.Contrast(picture).enhance(rng.uniform(0.8, 1.2))
        picture = ImageEnhance.Color(picture).enhance(rng.uniform(0.7, 1.3))
    if options.dark_share > 0 and rng.random() < options.dark_share:
        picture = ImageEnhance.Brightness(picture).enhance(rng.uniform(0.3, 0.6))
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
    return image if mask is None else (image, mask)


def tight_frame(image, share, size):
    """The centre `share` of a crop's side, resized to size x size: the crop framed tighter, as of a close-up."""
    side = min(image.shape[:2])
    inner = int(round(side * share))
    start = (side - inner) // 2
    return square_resize(image[start:start + inner, start:start + inner], size)


def plain(image, size, frame=1.0):
    """The view used for validation: the crop as the engine's member sees it (the centre `frame` of its side, for a
    tighter-cropped member), nothing else."""
    return square_resize(image, size) if frame >= 1.0 else tight_frame(image, frame, size)
