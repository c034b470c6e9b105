#!/usr/bin/env python3
"""An independent numpy forward pass of upstream MesoNet on the published Keras 2.1.5 weights.

It exists to check tools/mesonet/convert.py: it shares no code with it, reads the weights the way Keras 2.1.5's
`load_weights` does (weighted layers in the file's `layer_names` order, matched to the model's layers in topological
order), and computes in float64 with plain shifted-slice convolutions and Keras 'same' padding.

    reference.py --weights Meso4_DF.h5 --input faces.f32 --output p_real.f32

The input is raw little-endian float32 NHWC [N, 256, 256, 3] RGB in [0, 1]; the output is raw little-endian float32
[N]: the probability that each face is REAL.
"""
import argparse
import sys

import h5py
import numpy as np

SIZE = 256
BN_EPSILON = 1e-3  # Keras BatchNormalization default; the weights-only files carry no layer config.
LEAKY_ALPHA = 0.1


def weighted_layers(path):
    """[(layer name, [arrays in the layer's weight_names order])] in the file's layer order, layers with weights only."""
    layers = []
    with h5py.File(path, "r") as f:
        for raw in f.attrs["layer_names"]:
            name = raw.decode()
            group = f[name]
            names = [n.decode() for n in group.attrs["weight_names"]]
            if names:
                layers.append((name, [np.asarray(group[n], dtype=np.float64) for n in names]))
    return layers


def same_pads(size, kernel, stride=1, dilation=1):
    """Keras/TensorFlow 'same' padding along one axis: (before, after), the odd pixel going after."""
    effective = (kernel - 1) * dilation + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def conv2d(x, kernel, bias, dilation=1):
    """Stride-1 'same' convolution of NHWC x with an HWIO kernel: a sum of shifted slices times kernel taps."""
    kh, kw, _, cout = kernel.shape
    n, h, w, _ = x.shape
    top, bottom = same_pads(h, kh, 1, dilation)
    left, right = same_pads(w, kw, 1, dilation)
    padded = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)))
    out = np.zeros((n, h, w, cout))
    for i in range(kh):
        for j in range(kw):
            window = padded[:, i * dilation:i * dilation + h, j * dilation:j * dilation + w, :]
            out += np.einsum("nhwc,co->nhwo", window, kernel[i, j])
    return out + bias


def relu(x):
    return np.maximum(x, 0)


def batch_norm(x, gamma, beta, mean, variance):
    return gamma * (x - mean) / np.sqrt(variance + BN_EPSILON) + beta


def max_pool(x, pool):
    """MaxPooling2D(pool_size=pool, strides=pool, padding='same'): padding never wins a max."""
    n, h, w, c = x.shape
    top, bottom = same_pads(h, pool, pool)
    left, right = same_pads(w, pool, pool)
    padded = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=-np.inf)
    oh, ow = padded.shape[1] // pool, padded.shape[2] // pool
    blocks = padded[:, :oh * pool, :ow * pool, :].reshape(n, oh, pool, ow, pool, c)
    return blocks.max(axis=(2, 4))


def dense(x, kernel, bias):
    return x @ kernel + bias


def head(x, layers):
    """Flatten (channels-last order, as Keras does), Dense(16), LeakyReLU(0.1), Dense(1), sigmoid; dropout is off."""
    (_, (k1, b1)), (_, (k2, b2)) = layers
    y = dense(x.reshape(x.shape[0], -1), k1, b1)
    y = np.where(y > 0, y, LEAKY_ALPHA * y)
    y = dense(y, k2, b2)
    return 1 / (1 + np.exp(-y))


def conv_block(x, conv, bn, pool):
    (_, (kernel, bias)), (_, bn_weights) = conv, bn
    return max_pool(batch_norm(relu(conv2d(x, kernel, bias)), *bn_weights), pool)


def meso4(x, layers):
    """Four conv-ReLU-BN-pool blocks (3x3x8, 5x5x8, 5x5x16, 5x5x16; pools 2, 2, 2, 4) and the head."""
    convs_and_bns = layers[:8]
    for block, pool in enumerate((2, 2, 2, 4)):
        x = conv_block(x, convs_and_bns[2 * block], convs_and_bns[2 * block + 1], pool)
    return head(x, layers[8:])


def inception(x, layers):
    """Upstream InceptionLayer. Keras stores its convs in topological order: the three 1x1 convs that feed a 3x3
    (branches b, c, d), then branch a's lone 1x1 conv, then the 3x3 convs of b, c (dilation 2) and d (dilation 3);
    the concatenation is a, b, c, d."""
    (b1, c1, d1, a1, b3, c3, d3) = [w for _, w in layers]
    a = relu(conv2d(x, *a1))
    b = relu(conv2d(relu(conv2d(x, *b1)), *b3))
    c = relu(conv2d(relu(conv2d(x, *c1)), *c3, dilation=2))
    d = relu(conv2d(relu(conv2d(x, *d1)), *d3, dilation=3))
    return np.concatenate([a, b, c, d], axis=-1)


def meso_inception4(x, layers):
    """Two inception blocks, each followed by BN and pool 2, then Meso4's last two conv blocks and head."""
    x = max_pool(batch_norm(inception(x, layers[0:7]), *layers[7][1]), 2)
    x = max_pool(batch_norm(inception(x, layers[8:15]), *layers[15][1]), 2)
    x = conv_block(x, layers[16], layers[17], 2)
    x = conv_block(x, layers[18], layers[19], 4)
    return head(x, layers[20:])


def predict(weights_path, images):
    """P(real) for NHWC images in [0, 1], shape [N, 256, 256, 3]."""
    layers = weighted_layers(weights_path)
    x = np.asarray(images, dtype=np.float64)
    if len(layers) == 10:
        return meso4(x, layers)[:, 0]
    if len(layers) == 22:
        return meso_inception4(x, layers)[:, 0]
    raise ValueError(f"{weights_path}: {len(layers)} weighted layers; expected 10 (Meso4) or 22 (MesoInception4)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", required=True, help="a MesoNet Keras .h5 weights file")
    parser.add_argument("--input", required=True, help="raw float32 NHWC [N, 256, 256, 3]")
    parser.add_argument("--output", required=True, help="raw float32 [N] P(real)")
    args = parser.parse_args(argv)
    data = np.fromfile(args.input, dtype="<f4")
    per_image = SIZE * SIZE * 3
    if data.size == 0 or data.size % per_image:
        print(f"error: {args.input} holds {data.size} floats, not a multiple of {per_image}", file=sys.stderr)
        return 2
    p_real = predict(args.weights, data.reshape(-1, SIZE, SIZE, 3))
    p_real.astype("<f4").tofile(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
