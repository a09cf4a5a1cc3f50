"""Reference VGG-19 features from PyTorch, for test/e2e/extractors-vgg19.test.ts.

Run:  /work/.venv-peer/bin/python scripts/reference/extractors_vgg19.py
(any Python with torch, numpy and pillow; reads ../shared/data, writes
test/fixtures/reference/extractors_vgg19.json).

VGG-19 is rebuilt in PyTorch (float64) from the SAME uint8 tfjs weight files the library loads
(../shared/data/weights/vgg19-notop-uint8), dequantised as tfjs does (q * scale + min, rounded to float32).
The network is written from the VGG paper / Keras layout: 3x3 'same' convs with bias and ReLU, blocks of
2-2-4-4-4 convs with 64-128-256-512-512 channels, 2x2 stride-2 pooling. Input: caffe preprocessing of a
64x64 crop of tubingen.jpg (pixels stored in the JSON). For every conv (after its ReLU) and every pool, with
max pooling and with average pooling, it records the shape, sum, L2 norm, max |x| and 16 fixed entries
(indices into the NHWC-flattened tensor), plus the pre-ReLU output of conv4_2.
"""
import os

import torch
import torch.nn.functional as F

from extractors_common import DATA, caffe_input, encode_pixels, load_tfjs_manifest_weights, reference_image, summarise, write_fixture

BLOCKS = [2, 2, 4, 4, 4]


def run(weights, x, pooling):
    layers = {}
    for b, convs in enumerate(BLOCKS, start=1):
        for n in range(1, convs + 1):
            name = f"block{b}_conv{n}"
            k = torch.from_numpy(weights[f"{name}/kernel"].astype("float64")).permute(3, 2, 0, 1)  # HWIO -> OIHW
            bias = torch.from_numpy(weights[f"{name}/bias"].astype("float64"))
            z = F.conv2d(x, k, bias, stride=1, padding=1)
            if (b, n) == (4, 2):
                layers["prerelu4_2"] = summarise(z)
            x = F.relu(z)
            layers[f"conv{b}_{n}"] = summarise(x)
        x = F.max_pool2d(x, 2, 2) if pooling == "max" else F.avg_pool2d(x, 2, 2)
        layers[f"pool{b}"] = summarise(x)
    return layers


def main():
    torch.set_grad_enabled(False)
    weights = load_tfjs_manifest_weights(os.path.join(DATA, "weights", "vgg19-notop-uint8"))
    pixels = reference_image(64)
    x = torch.from_numpy(caffe_input(pixels))
    write_fixture("extractors_vgg19.json", {
        "description": "VGG-19 (vgg19-notop-uint8) features of a 64x64 crop of tubingen.jpg, PyTorch float64; see scripts/reference/extractors_vgg19.py",
        "torch": torch.__version__,
        "input": encode_pixels(pixels),
        "max": run(weights, x, "max"),
        "average": run(weights, x, "average"),
    })


if __name__ == "__main__":
    main()
