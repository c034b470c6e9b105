"""Tests of the training tool's pieces: the backbone conversion, the model split, pseudo-fakes, views and splits."""
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

import numpy as np
import onnx
from onnx import numpy_helper
import torch
from PIL import Image

from tools.train import sources
from tools.train.augment import (TIGHT_SHARE, ViewOptions, _window, augment, clip_frame, frame_share, low_bitrate,
                                 low_resolution, plain, tight_frame, unsharp)
from tools.train.backbone import OnnxResNet, package_model_path
from tools.train.metrics import auc, video_scores
from tools.train.model import FaceFakeNet, to_input
from tools.train import fit_ensemble
from tools.train.online import (ViewStream, WeightAverage, boundary_map, cells, param_groups, probe_head,
                                 sharpness_aware_step, train_online)
from tools.train import quantize
from tools.train.reference_input import reference_input
from tools.train import landmarks, sbi
from tools.train.sbi import HULLS, _match_colour, face_mask, hull_mask, self_blend, swap_blend
from tools.train.train import (export_onnx, main as train_main, plan_views, selection_set, source_frames,
                              unseen_method_set)

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "..", "shared")


def face(seed=0, size=160):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (size, size, 3), dtype=np.uint8)


class BackboneTest(unittest.TestCase):
    """The ONNX graph as torch layers reproduces the features ONNX Runtime computes (tests/Detection.Tests checks
    the same fixture against ONNX Runtime)."""

    @classmethod
    def setUpClass(cls):
        cls.path = package_model_path()

    def test_full_network_reproduces_the_fixture(self):
        with open(os.path.join(HERE, "fixtures", "resnet18_features.json")) as f:
            expected = np.array(json.load(f)["features"])
        net = OnnxResNet(self.path, 4).eval()
        with torch.no_grad():
            rgb = torch.from_numpy(reference_input(1, 224)[:, ::-1].copy())
            actual = net(rgb).flatten().numpy()
        np.testing.assert_allclose(actual, expected, rtol=1e-4, atol=1e-4)

    def test_three_stages_end_at_256_channels_of_a_sixteenth_of_the_input(self):
        net = OnnxResNet(self.path, 3).eval()
        with torch.no_grad():
            self.assertEqual(tuple(net(torch.zeros(1, 3, 224, 224)).shape), (1, 256, 14, 14))

    def test_frozen_and_trained_parts_compose_to_the_whole_model(self):
        net = FaceFakeNet(self.path).eval()
        x = to_input(np.stack([face(1, 224), face(2, 224)]))
        with torch.no_grad():
            whole = net(x)
            parts = net.classify_features(net.frozen_features(x))
        self.assertEqual(tuple(whole.shape), (2, 1))
        torch.testing.assert_close(whole, parts)
        trainable = {id(p) for p in net.trainable_parameters()}
        stem = net.backbone.layers[net.backbone.steps[0][2]]
        self.assertNotIn(id(stem.weight), trainable)
        self.assertIn(id(net.head.weight), trainable)

    def test_an_exported_epoch_takes_any_batch_as_the_engine_loads_it(self):
        with tempfile.TemporaryDirectory() as out:
            path = os.path.join(out, "epoch1.onnx")
            export_onnx(FaceFakeNet(self.path), path, 224)
            onnx.checker.check_model(path)
            graph = onnx.load(path).graph
        dims = graph.input[0].type.tensor_type.shape.dim
        self.assertEqual([graph.input[0].name, graph.output[0].name], ["input", "logit"])
        self.assertEqual(dims[0].dim_param, "batch")
        self.assertEqual([d.dim_value for d in dims[1:]], [3, 224, 224])

    def test_full_fine_tuning_trains_every_parameter_and_the_head_faster(self):
        net = FaceFakeNet(self.path)
        backbone, head = param_groups(net, 1e-4)
        self.assertEqual(len(backbone["params"]) + len(head["params"]), len(list(net.parameters())))
        self.assertEqual((backbone["lr"], head["lr"]), (1e-4, 1e-3))

    def test_probing_trains_the_head_and_leaves_the_backbone_and_its_statistics_alone(self):
        net = FaceFakeNet(self.path)
        before = {k: v.clone() for k, v in net.backbone.state_dict().items()}
        head = net.head.weight.detach().clone()
        batch = (torch.from_numpy(np.stack([face(1, 64), face(2, 64)])), torch.tensor([0.0, 1.0]))
        loss = probe_head(net, iter([batch]), 1, 1e-3, torch.tensor(1.0), "fp32")
        self.assertTrue(np.isfinite(loss))
        self.assertFalse(torch.equal(net.head.weight.detach(), head))
        for key, value in net.backbone.state_dict().items():
            self.assertTrue(torch.equal(value, before[key]), key)

    def test_bf16_autocast_runs_in_bfloat16_and_stays_close_to_float32(self):
        # train.py --precision bf16 trains under this autocast; its weights and gradients must stay float32.
        net = FaceFakeNet(self.path)
        x = to_input(np.stack([face(1, 224), face(2, 224)]))
        net.eval()
        with torch.no_grad():
            exact = net.backbone(x)
            with torch.autocast("cpu", dtype=torch.bfloat16):
                fast = net.backbone(x)
        self.assertEqual(fast.dtype, torch.bfloat16)
        error = (fast.float() - exact).norm() / exact.norm()
        self.assertLess(error.item(), 0.03)
        net.train()
        with torch.autocast("cpu", dtype=torch.bfloat16):
            logits = net(x).squeeze(1)
        torch.nn.functional.binary_cross_entropy_with_logits(logits.float(), torch.tensor([0.0, 1.0])).backward()
        for name, p in net.named_parameters():
            self.assertEqual(p.grad.dtype, torch.float32, name)
            self.assertTrue(torch.isfinite(p.grad).all(), name)


class SwapBlendTest(unittest.TestCase):
    """Pseudo-fakes with another person's inner face (--swap-share)."""

    def test_the_donor_shows_inside_the_mask_and_the_face_outside(self):
        from scipy import ndimage
        target = np.repeat(np.linspace(30, 90, 120)[None, :, None], 120, axis=0).repeat(3, axis=2).astype(np.uint8)
        blobs = ndimage.gaussian_filter(np.random.default_rng(3).normal(size=(120, 120)), 5)
        donor = np.repeat(((blobs - blobs.min()) / np.ptp(blobs) * 255)[..., None], 3, axis=2).astype(np.uint8)
        for seed in range(6):
            blended, mask = swap_blend(target, donor, np.random.default_rng(seed))
            self.assertEqual((blended.shape, blended.dtype), (target.shape, np.uint8))
            np.testing.assert_allclose(blended[:8, :8], target[:8, :8], atol=1)
            inner = mask > 0.5 * mask.max()
            # Less the face's own gradient, what is left inside the mask is the donor's pattern.
            left = blended[..., 0].astype(float) - target[..., 0]
            self.assertGreater(np.corrcoef(left[inner], donor[..., 0][inner])[0, 1], 0.5, seed)

    def test_same_seed_same_pseudo_fake(self):
        a, _ = swap_blend(face(1), face(2, size=100), np.random.default_rng(9))
        b, _ = swap_blend(face(1), face(2, size=100), np.random.default_rng(9))
        np.testing.assert_array_equal(a, b)

    def test_the_cached_mode_refuses_swaps_it_would_not_make(self):
        with mock.patch("sys.stderr"), self.assertRaises(SystemExit) as stop:
            train_main(["--crops", "unused", "--out", "unused", "--frozen-stages", "2", "--swap-share", "0.5"])
        self.assertEqual(stop.exception.code, 2)

    def test_colour_match_gives_the_source_the_targets_mean_and_spread_inside_the_mask(self):
        rng = np.random.default_rng(0)
        source = rng.uniform(150, 250, (64, 64, 3)).astype(np.float32)
        target = rng.uniform(10, 90, (64, 64, 3)).astype(np.float32)
        mask = face_mask(64, 64, rng)
        matched = _match_colour(source, target, mask)
        weights = mask[..., None] / mask.sum()

        def mean_and_spread(image):
            mean = (image * weights).sum((0, 1))
            return mean, np.sqrt((((image - mean) ** 2) * weights).sum((0, 1)))

        np.testing.assert_allclose(mean_and_spread(matched), mean_and_spread(target), rtol=0.02)

    def test_view_stream_takes_donors_of_another_video_of_the_same_source(self):
        with tempfile.TemporaryDirectory() as folder:
            def crop(name, video, source="ffpp", seed=0):
                path = os.path.join(folder, name + ".png")
                Image.fromarray(face(seed, size=80)).save(path)
                return sources.Crop(path, False, video, source, "train")

            own, same_video, other = crop("own", "a"), crop("twin", "a", seed=1), crop("other", "b", seed=2)
            elsewhere = crop("utk", "c", source="utkface", seed=3)
            views = [(own, True)] * 12
            with mock.patch("tools.train.online.swap_blend", wraps=sbi.swap_blend) as swap:
                list(ViewStream(views, seed=3, size=48, swap_share=1.0, donors=[own, same_video, other, elsewhere]))
            donors = {call.args[1].tobytes() for call in swap.call_args_list}
            self.assertEqual(swap.call_count, 12)
            self.assertEqual(donors, {sources.load_image(other.path).tobytes()})
            with mock.patch("tools.train.online.swap_blend", wraps=sbi.swap_blend) as swap:
                alone = list(ViewStream(views, seed=3, size=48, swap_share=1.0, donors=[own, same_video]))
            self.assertEqual(swap.call_count, 0)  # no other video: the face blends with itself
            plain_stream = list(ViewStream(views, seed=3, size=48))
            unused = list(ViewStream(views, seed=3, size=48, swap_share=0.0, donors=[own, other]))
        for (a, _), (b, _) in zip(plain_stream, unused):
            np.testing.assert_array_equal(a, b)  # share 0 draws nothing: the default stream is unchanged
        self.assertEqual(len(alone), 12)

    def test_a_donor_is_drawn_as_from_the_source_without_the_videos_own_crops(self):
        rng = np.random.default_rng(5)
        videos = [f"v{i}" for i in rng.integers(0, 6, 60)]  # own crops at scattered places of the sorted pool
        donors = [sources.Crop(f"p{i:03d}", False, v, "ffpp", "train") for i, v in enumerate(videos)]
        stream = ViewStream([], seed=0, swap_share=1.0, donors=donors)
        for crop in donors[:20]:
            filtered = [c for c in donors if c.video != crop.video]
            expected = filtered[np.random.default_rng(int(crop.path[1:])).integers(len(filtered))]
            self.assertIs(stream._donor(crop, np.random.default_rng(int(crop.path[1:]))), expected)


class SelfBlendTest(unittest.TestCase):
    def test_same_seed_same_pseudo_fake(self):
        a, mask_a = self_blend(face(), np.random.default_rng(5))
        b, mask_b = self_blend(face(), np.random.default_rng(5))
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(mask_a, mask_b)

    def test_pseudo_fake_differs_from_the_face_and_keeps_its_shape(self):
        original = face()
        blended, _ = self_blend(original, np.random.default_rng(0))
        self.assertEqual((blended.shape, blended.dtype), (original.shape, np.uint8))
        self.assertGreater(np.abs(blended.astype(int) - original).mean(), 1.0)

    def test_mask_covers_the_inner_face_not_the_corners(self):
        for seed in range(10):
            mask = face_mask(200, 200, np.random.default_rng(seed))
            self.assertTrue(0 <= mask.min() and mask.max() <= 1)
            self.assertGreater(mask[100, 100], 0.9)
            self.assertLess(mask[:10, :10].max(), 0.05)


def face_landmarks(cx=100.0, cy=95.0, rx=55.0, ry=70.0):
    """68 points laid out as dlib's (jaw 0-16, brows 17-26, nose 27-35, eyes 36-47, mouth 48-67) on a frontal face
    centred at (cx, cy): enough of a face for the masks' geometry."""
    t = np.linspace(0, np.pi, 17)
    jaw = np.stack([cx - rx * np.cos(t), cy + ry * np.sin(t)], 1)
    brows = np.stack([cx + np.r_[np.linspace(-0.8, -0.2, 5), np.linspace(0.2, 0.8, 5)] * rx,
                      np.full(10, cy - 0.35 * ry)], 1)
    ridge = np.stack([np.full(4, cx), cy + np.linspace(-0.25, 0.1, 4) * ry], 1)
    nostrils = np.stack([cx + np.linspace(-0.2, 0.2, 5) * rx, np.full(5, cy + 0.2 * ry)], 1)
    a = np.linspace(0, 2 * np.pi, 6, endpoint=False)
    eyes = [np.stack([cx + side * 0.4 * rx + 0.15 * rx * np.cos(a), cy - 0.15 * ry + 0.05 * ry * np.sin(a)], 1)
            for side in (-1, 1)]
    m = np.linspace(0, 2 * np.pi, 20, endpoint=False)
    mouth = np.stack([cx + 0.3 * rx * np.cos(m), cy + 0.5 * ry + 0.1 * ry * np.sin(m)], 1)
    return np.concatenate([jaw, brows, ridge, nostrils, *eyes, mouth]).astype(np.float32)


class LandmarkMaskTest(unittest.TestCase):
    """Pseudo-fakes blended through the face's own outline (--sbi-mask landmarks)."""

    def test_the_face_is_inside_every_hull_and_the_crops_corners_outside(self):
        points = face_landmarks()
        kinds = set()
        for seed in range(24):
            rng = np.random.default_rng(seed)
            kinds.add(list(HULLS)[np.random.default_rng(seed).integers(len(HULLS))])
            mask = hull_mask(points, 200, 200, rng)
            self.assertTrue(0 <= mask.min() and mask.max() <= 1)
            self.assertGreater(mask[110, 100], 0.9, seed)  # the nose
            self.assertLess(mask[:15, :15].max(), 0.05, seed)
            self.assertLess(mask[185:, :15].max(), 0.05, seed)
        self.assertEqual(kinds, set(HULLS))

    def test_the_mask_follows_the_face_where_an_ellipse_would_not(self):
        points = face_landmarks(cx=60, cy=95, rx=40)  # a face off the crop's centre, as in a turned head
        mask = hull_mask(points, 200, 200, np.random.default_rng(3))
        self.assertGreater(mask[110, 60], 0.9)
        self.assertLess(mask[95, 160:].max(), 0.05)

    def test_landmarks_that_are_no_face_fall_back_to_the_ellipse(self):
        collapsed = np.full((68, 2), 100, np.float32)
        self.assertIsNone(hull_mask(collapsed, 200, 200, np.random.default_rng(0)))
        blended, mask = self_blend(face(size=200), np.random.default_rng(0), collapsed)
        self.assertEqual(blended.shape, (200, 200, 3))
        self.assertGreater(mask[100, 100], 0.2)

    def test_same_seed_same_pseudo_fake_with_landmarks(self):
        a, _ = self_blend(face(size=200), np.random.default_rng(5), face_landmarks())
        b, _ = self_blend(face(size=200), np.random.default_rng(5), face_landmarks())
        np.testing.assert_array_equal(a, b)


class LandmarkNetTest(unittest.TestCase):
    """The torch port of face-api's FaceLandmark68Net against face-api itself (face_api_reference.cjs)."""

    @unittest.skipUnless(os.path.isdir(landmarks.DEFAULT_MODEL_DIR), "setup installs face-api's landmark model")
    def test_port_reproduces_face_apis_output(self):
        with open(os.path.join(HERE, "fixtures", "face_landmark_68_reference.json")) as f:
            expected = np.array(json.load(f)["output"])
        net = landmarks.FaceLandmark68Net(landmarks.read_weights(landmarks.DEFAULT_MODEL_DIR)).eval()
        with torch.no_grad():
            actual = net(torch.from_numpy(127.5 + reference_input(1, 112))).flatten().numpy()
        np.testing.assert_allclose(actual, expected, atol=1e-4)

    @unittest.skipUnless(os.path.isdir(landmarks.DEFAULT_MODEL_DIR), "setup installs face-api's landmark model")
    def test_weights_other_than_the_packages_are_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            for name in os.listdir(landmarks.DEFAULT_MODEL_DIR):
                shutil.copy(os.path.join(landmarks.DEFAULT_MODEL_DIR, name), tmp)
            self.assertEqual(len(landmarks.read_weights(tmp)), len(landmarks.read_weights(landmarks.DEFAULT_MODEL_DIR)))
            shard = os.path.join(tmp, landmarks.MODEL + ".bin")
            with open(shard, "rb") as f:
                data = bytearray(f.read())
            data[len(data) // 2] ^= 1  # one bit of one weight
            with open(shard, "wb") as f:
                f.write(data)
            with self.assertRaisesRegex(ValueError, "weights are not"):
                landmarks.read_weights(tmp)

    @unittest.skipUnless(os.path.isdir(landmarks.DEFAULT_MODEL_DIR), "setup installs face-api's landmark model")
    def test_landmarks_are_cached_and_found_again_for_a_crop_cut_again(self):
        with tempfile.TemporaryDirectory() as tmp:
            crops = []
            for i in range(2):
                path = os.path.join(tmp, f"{i}.png")
                Image.fromarray(face(i, 200)).save(path)
                crops.append(sources.Crop(path, False, f"v{i}", "ffpp", "train"))
            cache, logged = os.path.join(tmp, "landmarks.npz"), []
            first = landmarks.landmarks_for(crops, landmarks.DEFAULT_MODEL_DIR, cache, logged.append)
            again = landmarks.landmarks_for(crops, landmarks.DEFAULT_MODEL_DIR, cache, logged.append)
            self.assertEqual(logged, ["  landmarks 2/2"])
            np.testing.assert_array_equal(first[crops[1].path], again[crops[1].path])
            Image.fromarray(face(5, 200)).save(crops[1].path)
            os.utime(crops[1].path, ns=(1, 1))
            landmarks.landmarks_for(crops, landmarks.DEFAULT_MODEL_DIR, cache, logged.append)
            self.assertEqual(logged, ["  landmarks 2/2", "  landmarks 1/1"])

    def test_points_come_back_in_the_crops_pixels(self):
        # The net sees the detector's box (the centre 1/1.6 of the crop's side); its fractions map back onto the crop.
        def corner_and_centre(x):
            out = torch.full((x.shape[0], 68, 2), 0.5)
            out[:, 0] = 0.0
            return out
        points = landmarks.find(corner_and_centre, [face(size=200), face(size=100)], [1.6, 1.25])
        np.testing.assert_allclose(points[0, 0], [37.5, 37.5], atol=1e-4)
        np.testing.assert_allclose(points[1, 0], [10, 10], atol=1e-4)
        np.testing.assert_allclose(points[:, 1], [[100, 100], [50, 50]], atol=1e-4)


class ViewsAndSplitsTest(unittest.TestCase):
    def test_augmented_view_has_the_input_size_and_is_seeded(self):
        a = augment(face(size=300), np.random.default_rng(3), 224)
        b = augment(face(size=300), np.random.default_rng(3), 224)
        self.assertEqual((a.shape, a.dtype), ((224, 224, 3), np.uint8))
        np.testing.assert_array_equal(a, b)

    def test_clip_frame_keeps_a_centred_rectangle_and_blacks_out_the_rest(self):
        image = np.full((100, 100, 3), 200, np.uint8)
        framed = clip_frame(image, 0.6, 0.8, dx=0.1)
        kept = np.argwhere(framed[..., 0] > 0)
        # 60 x 80 px, centred vertically, moved right by a tenth of the side.
        self.assertEqual((kept[:, 0].min(), kept[:, 0].max(), kept[:, 1].min(), kept[:, 1].max()), (10, 89, 30, 89))
        self.assertEqual(int(image.sum() - framed.sum()), (100 * 100 - 60 * 80) * 200 * 3)

    def test_clip_share_frames_that_share_of_views_and_none_without_it(self):
        def black_columns(view):
            return int((view.max(axis=(0, 2)) < 8).sum())

        bright = np.full((300, 300, 3), 180, np.uint8)
        rng = np.random.default_rng(0)
        framed = [black_columns(augment(bright, rng, 224, ViewOptions(clip_share=1.0))) > 0 for _ in range(20)]
        plain_views = [black_columns(augment(bright, rng, 224)) > 0 for _ in range(20)]
        self.assertGreaterEqual(sum(framed), 18)  # only a full-width, unshifted rectangle leaves no black column
        self.assertEqual(sum(plain_views), 0)  # the engine's crops are all picture, and so are unframed views

    def test_dark_share_darkens_that_share_of_views_and_leaves_the_stream_alone_without_it(self):
        bright = np.full((300, 300, 3), 180, np.uint8)
        dark = [augment(bright, np.random.default_rng(k), 224, ViewOptions(dark_share=1.0)).mean() for k in range(10)]
        usual = [augment(bright, np.random.default_rng(k), 224).mean() for k in range(10)]
        self.assertLess(max(dark), 0.65 * 180)  # 30-60% brightness, JPEG and noise aside
        self.assertGreater(min(usual), 0.75 * 180)  # the usual brightness change is 0.8-1.2
        # Share 0 draws nothing, so a run without it keeps its random stream (and the committed model).
        np.testing.assert_array_equal(augment(bright, np.random.default_rng(5), 224, ViewOptions(dark_share=0.0)),
                                      augment(bright, np.random.default_rng(5), 224))

    def test_lowres_share_shows_small_compressed_faces_and_leaves_the_stream_alone_without_it(self):
        def detail(view):  # mean absolute difference between neighbouring pixels: what a small face loses
            v = view.astype(np.float32)
            return float(np.abs(np.diff(v, axis=0)).mean() + np.abs(np.diff(v, axis=1)).mean())

        stripes = 128 + 60 * np.sign(np.sin(np.arange(300) * np.pi / 2.5))  # fine detail: a 5 px period
        textured = np.repeat(np.tile(stripes, (300, 1))[:, :, None], 3, axis=2).astype(np.uint8)
        small_faces = ViewOptions(lowres_share=1.0)
        small = [detail(augment(textured, np.random.default_rng(k), 224, small_faces)) for k in range(16)]
        usual = [detail(augment(textured, np.random.default_rng(k), 224)) for k in range(16)]
        self.assertLess(np.median(small), 0.5 * np.median(usual))  # blur and rescaling already soften some views
        # Share 0 draws nothing, so a run without it keeps its random stream (and the committed model).
        np.testing.assert_array_equal(augment(textured, np.random.default_rng(5), 224, ViewOptions(lowres_share=0.0)),
                                      augment(textured, np.random.default_rng(5), 224))
        # A window already smaller than the drawn size is compressed, never enlarged before the engine's resize.
        tiny = np.full((40, 40, 3), 90, np.uint8)
        self.assertEqual(low_resolution(tiny, np.random.default_rng(1)).shape, (40, 40, 3))

    def test_lowq_share_compresses_views_hard_and_leaves_the_stream_alone_without_it(self):
        rng = np.random.default_rng(0)
        face = np.clip(128 + 40 * rng.standard_normal((240, 240, 3)), 0, 255).astype(np.uint8)  # detail everywhere

        def error(image):
            return float(np.abs(image.astype(np.float32) - face).mean())

        buffer = io.BytesIO()
        Image.fromarray(face).save(buffer, format="JPEG", quality=45)
        lighter = error(np.asarray(Image.open(buffer).convert("RGB")))  # just above low_bitrate's qualities
        self.assertTrue(all(error(low_bitrate(face, np.random.default_rng(k))) > lighter for k in range(8)))
        self.assertEqual(low_bitrate(face[10:70, 20:80], rng).shape, (60, 60, 3))  # at the window's own size
        hard = [augment(face, np.random.default_rng(k), 224, ViewOptions(lowq_share=1.0)) for k in range(6)]
        usual = [augment(face, np.random.default_rng(k), 224) for k in range(6)]
        self.assertTrue(all(np.abs(a.astype(np.int16) - b).mean() > 1 for a, b in zip(hard, usual)))
        # Share 0 draws nothing, so a run without it keeps its random stream (and the committed model).
        np.testing.assert_array_equal(augment(face, np.random.default_rng(5), 224, ViewOptions(lowq_share=0.0)),
                                      augment(face, np.random.default_rng(5), 224))

    def test_tight_share_frames_that_share_of_views_as_close_ups_and_the_default_changes_no_draw(self):
        image = np.zeros((200, 200, 3), np.uint8)
        for share, low, high in ((0.0, 170, 200), (1.0, 120, 170)):
            rng = np.random.default_rng(3)
            sides = [_window(image, rng, tight_share=share)[2] for _ in range(200)]
            self.assertTrue(all(low <= side <= high for side in sides), (share, min(sides), max(sides)))
        np.testing.assert_array_equal(
            augment(image + 90, np.random.default_rng(5), 224, ViewOptions(tight_share=TIGHT_SHARE)),
            augment(image + 90, np.random.default_rng(5), 224))

    def test_tight_frame_keeps_the_centre_of_the_crop(self):
        image = np.zeros((100, 100, 3), np.uint8)
        image[15:85, 15:85] = 200  # the centre 70%
        framed = tight_frame(image, 0.7, 50)
        self.assertEqual(framed.shape, (50, 50, 3))
        self.assertEqual(int(framed.min()), 200)

    def test_unsharp_adds_detail_and_keeps_the_mean(self):
        # A smooth gradient with a soft edge: sharpening must steepen the edge, not shift the brightness.
        x = np.linspace(0, 1, 64, dtype=np.float32)
        edge = 60 + 120 / (1 + np.exp(-(x - 0.5) * 20))
        image = np.repeat(np.tile(edge, (64, 1))[..., None], 3, axis=2)
        sharpened = unsharp(image, np.random.default_rng(0))
        self.assertGreater(np.abs(np.diff(sharpened[32, :, 0])).max(), np.abs(np.diff(image[32, :, 0])).max())
        self.assertAlmostEqual(float(sharpened.mean()), float(image.mean()), delta=1.0)

    def test_plan_is_half_fake_with_the_asked_share_of_pseudo_fakes(self):
        crops = ([sources.Crop(f"r{i}", False, f"v{i % 5}", "ffpp", "train") for i in range(50)]
                 + [sources.Crop(f"u{i}", False, f"u{i}", "utkface", "train") for i in range(50)]
                 + [sources.Crop(f"f{i}", True, f"w{i % 5}", "ffpp", "train") for i in range(50)]
                 + [sources.Crop(f"x{i}", True, "val", "ffpp", "val") for i in range(50)])
        views = plan_views(crops, "ffpp+sbi", 1000, 0.6, np.random.default_rng(0))
        fake = [v for v in views if v[0].fake or v[1]]
        self.assertEqual(len(views), 1000)
        self.assertEqual(len(fake), 500)
        self.assertEqual(sum(1 for v in views if v[1]), 300)
        self.assertFalse(any(v[0].split == "val" for v in views))

    def test_the_plan_is_the_same_in_every_process_whatever_its_hash_seed(self):
        # Strings hash differently in each process; a plan that iterated a set of source names drew its real views
        # in one of two orders, so one --seed gave one of two runs.
        code = ("import numpy as np; from tools.train import sources; from tools.train.train import plan_views; "
                "crops = [sources.Crop(f'{s}{i}', False, f'{s}{i % 5}', s, 'train') for s in ('ffpp', 'utkface', "
                "'mesonet') for i in range(20)] + [sources.Crop(f'f{i}', True, f'w{i}', 'ffpp', 'train') "
                "for i in range(20)]; "
                "print([[c.path for c, _ in plan_views(crops, mix, 60, 0.6, np.random.default_rng(0))] "
                "for mix in ('ffpp+sbi', 'ffpp+sbi+mesonet-reals')])")
        root = os.path.join(HERE, "..", "..")
        plans = {subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True,
                                env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(4)}
        self.assertEqual(len(plans), 1, plans)

    def test_a_held_out_manipulation_is_never_trained_on_and_is_validated_with_the_validation_reals(self):
        def crops_of(method, fake, split, n=4):
            return [sources.Crop(f"{method}-{split}-{i}", fake, f"{method}-{split}-{i % 2}", "ffpp", split, method)
                    for i in range(n)]

        crops = (crops_of("youtube", False, "train") + crops_of("youtube", False, "val")
                 + [c for m in ("Deepfakes", "FaceSwap") for s in ("train", "val") for c in crops_of(m, True, s)]
                 + [sources.Crop(f"u{i}", False, f"u{i}", "utkface", "train") for i in range(4)])
        views = plan_views(crops, "ffpp+sbi", 400, 0.6, np.random.default_rng(0), holdout_method="FaceSwap")
        trained = {crop.method for crop, _ in views if crop.fake}
        self.assertEqual(trained, {"Deepfakes"})
        self.assertEqual(len(views), 400)  # the other fakes fill the fake half
        unseen = unseen_method_set(crops, "FaceSwap", 1, None)
        self.assertEqual(sorted(c.video for c in unseen),
                         ["FaceSwap-train-0", "FaceSwap-train-1", "FaceSwap-val-0", "FaceSwap-val-1",
                          "youtube-val-0", "youtube-val-1"])
        self.assertEqual(plan_views(crops, "ffpp+sbi", 400, 0.6, np.random.default_rng(0)),
                         plan_views(crops, "ffpp+sbi", 400, 0.6, np.random.default_rng(0), holdout_method=None))
        selected = selection_set(crops, "ffpp", 1, None, "FaceSwap")
        self.assertEqual(sorted(c.video for c in selected), ["Deepfakes-val-0", "Deepfakes-val-1",
                                                            "youtube-val-0", "youtube-val-1"])
        self.assertEqual(len(selection_set(crops, "ffpp", 1, None)), 6)  # without a holdout FaceSwap's are in

    def test_mesonet_reals_mix_takes_that_sets_reals_and_leaves_its_fakes_out(self):
        crops = ([sources.Crop(f"r{i}", False, f"v{i % 5}", "ffpp", "train") for i in range(50)]
                 + [sources.Crop(f"u{i}", False, f"u{i}", "utkface", "train") for i in range(50)]
                 + [sources.Crop(f"m{i}", False, f"m{i % 5}", "mesonet", "train") for i in range(50)]
                 + [sources.Crop(f"n{i}", True, f"n{i % 5}", "mesonet", "train") for i in range(50)]
                 + [sources.Crop(f"f{i}", True, f"w{i % 5}", "ffpp", "train") for i in range(50)])
        views = plan_views(crops, "ffpp+sbi+mesonet-reals", 3000, 0.6, np.random.default_rng(0))
        self.assertFalse(any(crop.fake and crop.source == "mesonet" for crop, _ in views))
        reals = [crop.source for crop, is_sbi in views if not (crop.fake or is_sbi)]
        self.assertEqual({s: reals.count(s) for s in set(reals)}, {"ffpp": 500, "utkface": 500, "mesonet": 500})
        bases = {crop.source for crop, is_sbi in views if is_sbi}
        self.assertEqual(bases, {"ffpp", "utkface", "mesonet"})

    def test_paired_plan_follows_each_pseudo_fake_with_its_real_twin(self):
        crops = ([sources.Crop(f"r{i}", False, f"v{i % 5}", "ffpp", "train") for i in range(50)]
                 + [sources.Crop(f"u{i}", False, f"u{i}", "utkface", "train") for i in range(50)]
                 + [sources.Crop(f"f{i}", True, f"w{i % 5}", "ffpp", "train") for i in range(50)])
        views = plan_views(crops, "ffpp+sbi", 1000, 0.6, np.random.default_rng(0), paired=True)
        self.assertEqual(len(views), 1000)
        self.assertEqual(sum(1 for v in views if v[0].fake or v[1]), 500)
        sbi = [k for k, v in enumerate(views) if v[1]]
        self.assertEqual(len(sbi), 300)
        for k in sbi:
            self.assertEqual(views[k + 1], (views[k][0], False))  # the twin: the same real crop, labelled real
        # The other 200 real views are drawn from both real sources alike.
        twins = {k + 1 for k in sbi}
        others = [v[0].source for k, v in enumerate(views) if not (v[0].fake or v[1]) and k not in twins]
        self.assertEqual((others.count("ffpp"), others.count("utkface")), (100, 100))

    def test_paired_twin_gets_its_pseudo_fakes_augmentation(self):
        # A dark square off the centre of a white crop, where no blend reaches: wherever framing, flip and rescaling
        # put it in the pseudo-fake, they put it in the same place in its twin; an unpaired real view lands elsewhere.
        image = np.full((200, 200, 3), 255, np.uint8)
        image[20:50, 30:60] = 0

        def centroid(view):
            ys, xs = np.nonzero(view.mean(axis=2) < 128)
            return np.array([ys.mean(), xs.mean()]) if len(ys) else np.array([np.nan, np.nan])

        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "face.png")
            Image.fromarray(image).save(path)
            crop = sources.Crop(path, False, "v", "ffpp", "train")
            views = [(crop, True), (crop, False)] * 4
            paired = list(ViewStream(views, seed=3, paired=True))
            unpaired = list(ViewStream(views, seed=3))
        self.assertEqual([label for _, label in paired], [1.0, 0.0] * 4)
        distances = [np.linalg.norm(centroid(paired[k][0]) - centroid(paired[k + 1][0])) for k in range(0, 8, 2)]
        self.assertLess(max(distances), 2.0, distances)
        apart = [np.linalg.norm(centroid(unpaired[k][0]) - centroid(unpaired[k + 1][0])) for k in range(0, 8, 2)]
        self.assertGreater(max(apart), 10.0, apart)
        # Pairing changes nothing before the first twin: the first pseudo-fake is the same either way.
        np.testing.assert_array_equal(paired[0][0], unpaired[0][0])

    def test_frame_share_frames_a_tighter_member_from_the_training_crops(self):
        ffpp = sources.CROP_SIDES["ffpp"]
        self.assertEqual(frame_share(0.3, ffpp), 1.0)
        self.assertAlmostEqual(frame_share(0.15, ffpp), 1.3 / 1.6)
        image = face(size=160)
        np.testing.assert_array_equal(plain(image, 64), plain(image, 64, frame_share(0.3, ffpp)))
        np.testing.assert_array_equal(plain(image, 64, 0.8125), tight_frame(image, 0.8125, 64))
        # Views of a tighter member are framed from a smaller window but draw the same numbers.
        a, b = np.random.default_rng(9), np.random.default_rng(9)
        augment(image, a, 64)
        augment(image, b, 64, frame=0.8125)
        self.assertEqual(a.random(), b.random())

    def test_source_frames_cut_only_crops_wider_than_the_served_square(self):
        self.assertEqual(set(source_frames(0.3).values()), {1.0})
        frames = source_frames(0.15)
        self.assertAlmostEqual(frames["ffpp"], 1.3 / 1.6)
        self.assertEqual(frames["mesonet"], 1.0)  # 1.29 box sides: already as tight as a 0.15 member's square
        self.assertAlmostEqual(frames["utkface"], 1.3 / 1.34)
        # A view stream frames each crop by its own source's share.
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "face.png")
            Image.fromarray(face(size=120)).save(path)
            views = [(sources.Crop(path, False, "v", source, "train"), False) for source in ("ffpp", "mesonet")]
            framed = list(ViewStream(views, seed=4, size=64, frames={"ffpp": 0.8125}))
            whole = list(ViewStream(views, seed=4, size=64))
            self.assertFalse(np.array_equal(framed[0][0], whole[0][0]))
            np.testing.assert_array_equal(framed[1][0], whole[1][0])

    def test_view_stream_yields_seeded_views_labelled_fake_for_pseudo_fakes(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "face.png")
            Image.fromarray(face(size=120)).save(path)
            crop = sources.Crop(path, False, "v", "ffpp", "train")
            views = [(crop, False), (crop, True)]
            first = list(ViewStream(views, seed=4))
            again = list(ViewStream(views, seed=4))
            small = list(ViewStream(views, seed=4, size=160))
        self.assertEqual([label for _, label in first], [0.0, 1.0])
        self.assertEqual(first[0][0].shape, (224, 224, 3))
        self.assertEqual(small[0][0].shape, (160, 160, 3))
        for (a, _), (b, _) in zip(first, again):
            np.testing.assert_array_equal(a, b)

    def test_landmark_share_blends_that_share_of_pseudo_fakes_through_the_faces_hull(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "face.png")
            Image.fromarray(face(size=200)).save(path)
            crop = sources.Crop(path, False, "v", "ffpp", "train")
            views = [(crop, True)] * 40
            counts = {}
            for share in (1.0, 0.5):
                with mock.patch("tools.train.sbi.hull_mask", wraps=sbi.hull_mask) as hull:
                    list(ViewStream(views, seed=2, size=64, landmarks={path: face_landmarks()},
                                    landmark_share=share))
                counts[share] = hull.call_count
        self.assertEqual(counts[1.0], 40)
        self.assertTrue(10 <= counts[0.5] <= 30, counts[0.5])

    @unittest.skipUnless(os.path.isdir(os.path.join(SHARED, "data", "train", "mesonet-set")), "no ../shared")
    def test_mesonet_set_is_split_by_video(self):
        crops = sources.mesonet_crops(os.path.join(SHARED, "data", "train", "mesonet-set"))
        train = {c.video for c in crops if c.split == "train"}
        val = {c.video for c in crops if c.split == "val"}
        self.assertFalse(train & val)
        self.assertAlmostEqual(len(val) / (len(train) + len(val)), 0.3, delta=0.02)


class BoundaryLossTest(unittest.TestCase):
    def test_the_boundary_is_where_the_blend_is_half_whatever_the_blend_ratio(self):
        mask = np.linspace(0, 1, 11, dtype=np.float32)[None, :].repeat(3, axis=0)
        seams = boundary_map(mask)
        self.assertEqual(float(seams[0, 5]), 1.0)  # M = 0.5
        self.assertEqual(float(seams[0, 0]), 0.0)  # outside the blend
        self.assertEqual(float(seams[0, 10]), 0.0)  # inside it, all source
        np.testing.assert_allclose(boundary_map(0.25 * mask), seams, atol=1e-6)
        np.testing.assert_allclose(cells(np.ones((30, 30), np.float32), 3), np.ones((3, 3)))

    def test_the_mask_follows_the_views_geometry_and_changes_no_draw(self):
        # A white square off the centre of a grey crop, and a mask that is that square: wherever framing, flip and
        # clip framing (black, so neither white nor mask) move the square in the view, they move the mask there too.
        image = np.full((200, 200, 3), 128, np.uint8)
        image[20:60, 30:70] = 255
        mask = (image[..., 0] == 255).astype(np.float32)
        options = ViewOptions(clip_share=0.5)
        for seed in range(8):
            view, moved = augment(image, np.random.default_rng(seed), 64, options, 0.9, mask)
            plain_view = augment(image, np.random.default_rng(seed), 64, options, 0.9)
            np.testing.assert_array_equal(view, plain_view)
            white, marked = view.mean(axis=2) > 200, cells(moved, 64) > 0.5
            self.assertEqual(white.any(), marked.any(), seed)  # framing may leave the square out of both
            if white.any():  # blur and rescaling soften the square's edges, so its centre is what is compared
                distance = np.linalg.norm(np.argwhere(white).mean(0) - np.argwhere(marked).mean(0))
                self.assertLess(distance, 1.0, seed)

    def test_the_stream_gives_pseudo_fakes_a_boundary_reals_none_and_data_set_fakes_no_target(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "face.png")
            Image.fromarray(face(size=120)).save(path)
            real = sources.Crop(path, False, "v", "ffpp", "train")
            fake = sources.Crop(path, True, "w", "ffpp", "train")
            views = [(real, False), (real, True), (fake, False)]
            stream = list(ViewStream(views, seed=4, size=64, boundary_cells=4))
            plain_stream = list(ViewStream(views, seed=4, size=64))
        for (view, label, seams, known), (plain_view, plain_label) in zip(stream, plain_stream):
            np.testing.assert_array_equal(view, plain_view)  # the boundary changes no view
            self.assertEqual(label, plain_label)
            self.assertEqual(seams.shape, (4, 4))
        self.assertEqual([float(known) for *_, known in stream], [1.0, 1.0, 0.0])
        self.assertEqual(float(stream[0][2].max()), 0.0)
        self.assertGreater(float(stream[1][2].max()), 0.1)

    def test_training_with_it_leaves_the_exported_network_as_it_was(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "face.png")
            Image.fromarray(face(size=120)).save(path)
            crop = sources.Crop(path, False, "v", "ffpp", "train")
            views = [(crop, False), (crop, True)] * 4
            net = FaceFakeNet(package_model_path())
            keys = list(net.state_dict())
            start = net.head.weight.detach().clone()
            losses = []
            train_online(net, views, 8, 1, 4, 1e-4, torch.tensor(1.0), 1, lambda e, l: losses.append(l) or True,
                         size=64, boundary_weight=1.0)
        self.assertEqual(list(net.state_dict()), keys)
        self.assertFalse(torch.equal(net.head.weight, start))
        self.assertEqual(len(losses), 1)
        # The class loss of a near-zero logit is about log 2 (0.68-0.69 here without the boundary); the boundary's,
        # of a fresh convolution, adds about as much again.
        self.assertGreater(losses[0], 1.0)


class MetricsTest(unittest.TestCase):
    def test_auc_counts_ties_half(self):
        self.assertEqual(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75)
        self.assertEqual(auc([0.5, 0.5], [0, 1]), 0.5)

    def test_video_scores_average_frames(self):
        probs, labels = video_scores([0.2, 0.4, 0.9], [0, 0, 1], ["a", "a", "b"])
        np.testing.assert_allclose(probs, [0.3, 0.9])
        np.testing.assert_array_equal(labels, [0, 1])

    def test_reference_input_follows_its_formula(self):
        x = reference_input(2, 8)
        self.assertAlmostEqual(float(x[1, 2, 3, 4]), 100 * np.sin(0.05 * 4 * 3 + 0.031 * 5 * 2 + 0.7), places=4)


class WeightAverageTest(unittest.TestCase):
    def test_average_follows_the_weights_with_warmed_up_decay_and_swaps_back(self):
        net = torch.nn.Sequential(torch.nn.Linear(2, 1), torch.nn.BatchNorm1d(1))
        start = net[0].weight.detach().clone()
        average = WeightAverage(net, decay=0.99)
        with torch.no_grad():
            net[0].weight.add_(1.0)
        net[1].num_batches_tracked.fill_(7)
        average.update(net)
        # Step 1 decays by min(0.99, 2/11): the average moves most of the way to the new weights.
        torch.testing.assert_close(average.state["0.weight"], start + 9 / 11)
        self.assertEqual(int(average.state["1.num_batches_tracked"]), 7)
        own = net[0].weight.detach().clone()
        with average.swapped_into(net):
            torch.testing.assert_close(net[0].weight.detach(), start + 9 / 11)
        torch.testing.assert_close(net[0].weight.detach(), own)


class SharpnessAwareStepTest(unittest.TestCase):
    def test_the_step_uses_the_gradient_at_the_perturbed_weights_and_counts_batch_statistics_once(self):
        torch.manual_seed(0)
        net = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.BatchNorm1d(1))
        x, y = torch.randn(8, 3), torch.rand(8, 1)
        start = [p.detach().clone() for p in net.parameters()]
        optimiser = torch.optim.SGD(net.parameters(), lr=0.1)
        schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda _: 1.0)
        rho = 0.5

        def loss_at():
            return ((net(x) - y) ** 2).mean()

        loss = sharpness_aware_step(loss_at, optimiser, schedule, rho, net, 8)

        # The same by hand: the gradient at w + rho * g / |g| (w's own batch norm statistics), applied at w.
        twin = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.BatchNorm1d(1))
        with torch.no_grad():
            for p, w in zip(twin.parameters(), start):
                p.copy_(w)
        first = ((twin(x) - y) ** 2).mean()
        grads = torch.autograd.grad(first, list(twin.parameters()))
        norm = torch.norm(torch.stack([g.norm(2) for g in grads]), 2)
        with torch.no_grad():
            for p, g in zip(twin.parameters(), grads):
                p.add_(g * rho / norm)
        perturbed = torch.autograd.grad(((twin(x) - y) ** 2).mean(), list(twin.parameters()))
        for p, w, g in zip(net.parameters(), start, perturbed):
            torch.testing.assert_close(p.detach(), w - 0.1 * g)
        self.assertAlmostEqual(loss, first.item() * 8, places=5)
        self.assertEqual(int(net[1].num_batches_tracked), 2)  # both passes ran in training mode...
        running = net[1].running_mean.clone()
        fresh = torch.nn.BatchNorm1d(1)
        fresh.train()
        with torch.no_grad():
            fresh(torch.nn.functional.linear(x, start[0], start[1]))
        torch.testing.assert_close(running, fresh.running_mean)  # ...but only the first moved the statistics


class FitEnsembleTest(unittest.TestCase):
    def test_every_set_and_class_weighs_the_same_in_the_fit(self):
        groups = ["videos:1"] * 6 + ["videos:0"] * 2 + ["crops:1"] * 3 + ["crops:0"] * 5
        w = fit_ensemble.balanced_weights(groups)
        totals = {g: w[[i for i, h in enumerate(groups) if h == g]].sum() for g in set(groups)}
        np.testing.assert_allclose(list(totals.values()), [len(groups) / 4] * 4)
        self.assertAlmostEqual(w.sum(), len(groups))

    def test_a_set_that_cannot_measure_a_member_leaves_its_calibration_to_the_others(self):
        rng = np.random.default_rng(0)
        labels = np.array([1.0] * 10 + [0.0] * 10)
        videos = fit_ensemble.ValidationSet("videos", labels, {
            "a": np.clip(0.3 + 0.4 * labels + rng.normal(0, 0.1, 20), 0.01, 0.99),
            "b": np.clip(0.2 + 0.5 * labels + rng.normal(0, 0.1, 20), 0.01, 0.99)})
        crops = fit_ensemble.ValidationSet("crops", labels[:12], {"a": np.linspace(0.2, 0.6, 12)})
        fitted = fit_ensemble.fit_calibrations([videos, crops], ["a", "b"])
        alone = fit_ensemble.platt(videos.scores["b"], labels, fit_ensemble.balanced_weights(labels))
        self.assertEqual(fitted["b"], alone)
        self.assertNotEqual(fitted["a"], fit_ensemble.platt(videos.scores["a"], labels,
                                                            fit_ensemble.balanced_weights(labels)))
        left_out = fit_ensemble.fit_calibrations([videos, crops], ["b"], leave_out=("videos", 3))
        keep = np.arange(20) != 3
        self.assertEqual(left_out["b"], fit_ensemble.platt(videos.scores["b"][keep], labels[keep],
                                                           fit_ensemble.balanced_weights(labels[keep])))

    @staticmethod
    def _sets_from_logits(fake_logits, real_logits, shifts):
        """One validation set per shift: the same fake and real logits moved by that offset, as probabilities."""
        labels = np.array([1.0] * len(fake_logits) + [0.0] * len(real_logits))
        logits = np.concatenate([fake_logits, real_logits])
        return [fit_ensemble.ValidationSet(f"set{i}", labels, {"m": fit_ensemble.sigmoid(logits + shift)})
                for i, shift in enumerate(shifts)]

    def test_an_offset_that_differs_by_source_is_not_fitted_as_it_carries_badly_to_a_new_one(self):
        # The same scores but for a source offset of opposite sign: the offset fitted on one set doubles the other's
        # error, so a calibration without an offset carries better.
        sets = self._sets_from_logits(np.linspace(-1, 3, 12), np.linspace(-3, 1, 12), shifts=(1.5, -1.5))
        kinds, losses = fit_ensemble.choose_calibrations(sets, ["m"])
        self.assertNotEqual(kinds["m"], "platt")
        self.assertEqual(max(losses["m"], key=losses["m"].get), "platt")
        self.assertEqual(fit_ensemble.fit_calibrations(sets, ["m"], kinds=kinds)["m"][1], 0.0)

    def test_a_member_overconfident_in_every_source_gets_a_calibration(self):
        # Three times the true logit in both sets: every fit shrinks it, so the fits carry.
        sets = self._sets_from_logits(3 * np.linspace(-1, 3, 12), 3 * np.linspace(-3, 1, 12), shifts=(0.0, 0.0))
        kinds, losses = fit_ensemble.choose_calibrations(sets, ["m"])
        self.assertNotEqual(kinds["m"], "identity")
        self.assertLess(losses["m"][kinds["m"]], losses["m"]["identity"])
        fitted = fit_ensemble.fit_calibrations(sets, ["m"], kinds=kinds)
        self.assertLess(fitted["m"][0], 1.0)

    def test_a_member_one_set_measures_keeps_platts_calibration(self):
        sets = self._sets_from_logits(np.linspace(-1, 3, 12), np.linspace(-3, 1, 12), shifts=(0.0,))
        kinds, losses = fit_ensemble.choose_calibrations(sets, ["m"])
        self.assertEqual((kinds["m"], losses["m"]), ("platt", {}))
        self.assertEqual(fit_ensemble.fit_calibration("temperature", sets[0].scores["m"], sets[0].labels,
                                                      np.ones(24))[1], 0.0)

    def test_crops_of_a_video_are_aggregated_as_a_scan_aggregates_its_faces(self):
        faces = [0.9] * 5 + [0.5] * 2 + [0.1] * 5  # 12 faces: the 5 highest and 5 lowest are dropped
        rows = [(f"v1/{i}.jpg", "FAKE", "v1", p) for i, p in enumerate(faces)]
        rows += [("v2/0.jpg", "REAL", "v2", 0.2), ("v2/1.jpg", "REAL", "v2", 0.4)]
        with tempfile.TemporaryDirectory() as tmp:
            labels_csv, eval_json = os.path.join(tmp, "labels.csv"), os.path.join(tmp, "eval.json")
            with open(labels_csv, "w") as f:
                f.write("file,label,video\n" + "".join(f"{r[0]},{r[1]},{r[2]}\n" for r in rows))
            scores = [{"file": r[0], "isFake": r[1] == "FAKE", "outcome": "scored", "members": {"m": r[3]}}
                      for r in rows]
            scores.append({"file": "v2/2.jpg", "isFake": False, "outcome": "noFaces", "members": {}})
            with open(eval_json, "w") as f:
                json.dump({"scores": scores}, f)
            got = fit_ensemble.read_crop_videos(eval_json, labels_csv, "crops")
        np.testing.assert_allclose(got.labels, [1.0, 0.0])
        np.testing.assert_allclose(got.scores["m"], [0.5, 0.3])

    def test_a_crop_video_that_a_member_never_scored_is_left_out_as_read_videos_leaves_it(self):
        rows = [("v1/0.jpg", "FAKE", "v1", {"m": 0.8, "k": 0.6}), ("v1/1.jpg", "FAKE", "v1", {"m": 0.6, "k": None}),
                ("v2/0.jpg", "REAL", "v2", {"m": 0.3, "k": None})]
        with tempfile.TemporaryDirectory() as tmp:
            labels_csv, eval_json = os.path.join(tmp, "labels.csv"), os.path.join(tmp, "eval.json")
            with open(labels_csv, "w") as f:
                f.write("file,label,video\n" + "".join(f"{r[0]},{r[1]},{r[2]}\n" for r in rows))
            with open(eval_json, "w") as f:
                json.dump({"scores": [{"file": r[0], "isFake": r[1] == "FAKE", "outcome": "scored", "members": r[3]}
                                      for r in rows]}, f)
            got = fit_ensemble.read_crop_videos(eval_json, labels_csv, "crops")
        np.testing.assert_allclose(got.labels, [1.0])
        np.testing.assert_allclose(got.scores["m"], [0.7])
        np.testing.assert_allclose(got.scores["k"], [0.6])


class QuantizeTest(unittest.TestCase):
    """The int8 calibration tool: its interpreter computes what the float member computes, and its copy stays close."""

    @classmethod
    def setUpClass(cls):
        cls.path = os.path.join(HERE, "..", "..", "models", "resnet18-sbi", "resnet18_sbi.onnx")
        with open(os.path.join(os.path.dirname(cls.path), "reference.json")) as f:
            cls.reference = json.load(f)
        cls.model = onnx.load(cls.path)
        cls.x = torch.from_numpy(reference_input(2, cls.reference.get("size", 224)))

    def test_interpreter_reproduces_the_members_reference_logits(self):
        logits = quantize.run_graph(self.model, self.x)["logit"].flatten().numpy()
        np.testing.assert_allclose(logits, self.reference["logits"], rtol=1e-4, atol=1e-4)

    def test_every_convolution_but_the_first_runs_on_int8_and_the_logits_stay_close(self):
        names = quantize.quantized_tensors(self.model)
        quantized = quantize.quantize(onnx.load(self.path), quantize.activation_ranges(self.model, names, [self.x]))
        convs = [n for n in quantized.graph.node if n.op_type == "Conv"]
        produced_by = {o: n.op_type for n in quantized.graph.node for o in n.output}
        self.assertEqual([produced_by.get(c.input[0]) == "DequantizeLinear" for c in convs],
                         [False] + [True] * (len(convs) - 1))
        self.assertTrue(all(produced_by[c.input[1]] == "DequantizeLinear" for c in convs[1:]))
        error = quantize.logit_error(self.model, quantized, self.x)
        # Calibrated on these two inputs: within a tenth of the logits' own scale.
        self.assertLess(float(error.max()), 0.1 * float(np.abs(self.reference["logits"]).max()))

    def test_reduced_range_keeps_every_weight_within_7_bits_and_the_stem_quantized_when_asked(self):
        names = quantize.quantized_tensors(self.model, float_stem=False)
        quantized = quantize.quantize(onnx.load(self.path), quantize.activation_ranges(self.model, names, [self.x]),
                                      quantize.REDUCED_WEIGHT_MAX)
        weights = [numpy_helper.to_array(i) for i in quantized.graph.initializer
                   if i.name.endswith("_w_q")]
        convs = [n for n in quantized.graph.node if n.op_type == "Conv"]
        self.assertEqual(len(weights), len(convs))  # the first convolution too
        self.assertEqual(max(int(np.abs(w.astype(np.int32)).max()) for w in weights), quantize.REDUCED_WEIGHT_MAX)
        # Two uint8 x int8 products never leave a saturating 16-bit sum (AVX2's vpmaddubsw).
        self.assertLessEqual(2 * 255 * quantize.REDUCED_WEIGHT_MAX, 32767)

    def test_the_committed_int8_copys_reference_is_this_interpreters_reading_of_it(self):
        # The C# parity test holds ONNX Runtime to reference.int8.json; this holds that file to the copy's QDQ graph.
        folder = os.path.dirname(self.path)
        with tempfile.TemporaryDirectory() as tmp:
            written = os.path.join(tmp, "reference.int8.json")
            quantize.write_reference(onnx.load(os.path.join(folder, "resnet18_sbi.int8.onnx")), written,
                                     self.reference.get("size", 224))
            with open(written) as f, open(os.path.join(folder, "reference.int8.json")) as g:
                got, committed = json.load(f), json.load(g)
        np.testing.assert_allclose(got["logits"], committed["logits"], rtol=1e-5, atol=1e-5)
        self.assertEqual(got["input"], committed["input"])


if __name__ == "__main__":
    unittest.main()
