"""Reference SqueezeNet 1.1 features from PyTorch, for test/e2e/extractors-squeezenet.test.ts.

Run:  /work/.venv-peer/bin/python scripts/reference/extractors_squeezenet.py
(needs torch, numpy, pillow, h5py; reads ../shared/data, writes
test/fixtures/reference/extractors_squeezenet.json).

The network is written from the SqueezeNet v1.1 description (../shared/data/README.md and the Keras
keras-squeezenet layout) in PyTorch float64, with weights read by h5py from the same Keras .h5 file the
library reads through h5wasm: conv1 3x3/2 'valid' + ReLU; max pools 3x3/2 'valid' (floor, ceil_mode=False,
as Keras); fire modules squeeze1x1 + ReLU, then [expand1x1 + ReLU, expand3x3 ('same') + ReLU] concatenated
on channels. Input: caffe preprocessing of the same 64x64 crop of tubingen.jpg as the VGG reference.
Records conv1, pool1, fire2..fire9, pool3, pool5 for max and for average pooling.
"""
import os

import h5py
import numpy as np
import torch
import torch.nn.functional as F

from extractors_common import DATA, caffe_input, encode_pixels, reference_image, summarise, write_fixture

H5 = os.path.join(DATA, "weights", "squeezenet1.1-notop", "squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5")
FIRES = ["fire2", "fire3", "fire4", "fire5", "fire6", "fire7", "fire8", "fire9"]


def read_layer(f, layer):
    """(kernel OIHW, bias) float64 tensors of a Keras layer, via its weight_names attribute."""
    names = [n.decode() for n in f[layer].attrs["weight_names"]]
    kernel = next(n for n in names if "kernel" in n)
    bias = next(n for n in names if "bias" in n)
    k = torch.from_numpy(np.asarray(f[layer][kernel], dtype=np.float64)).permute(3, 2, 0, 1)
    b = torch.from_numpy(np.asarray(f[layer][bias], dtype=np.float64))
    return k, b


def run(f, x, pooling):
    pool = (lambda t: F.max_pool2d(t, 3, 2)) if pooling == "max" else (lambda t: F.avg_pool2d(t, 3, 2))
    layers = {}
    k, b = read_layer(f, "conv1")
    x = F.relu(F.conv2d(x, k, b, stride=2))
    layers["conv1"] = summarise(x)
    x = pool(x)
    layers["pool1"] = summarise(x)
    for fire in FIRES:
        k, b = read_layer(f, f"{fire}/squeeze1x1")
        s = F.relu(F.conv2d(x, k, b))
        k1, b1 = read_layer(f, f"{fire}/expand1x1")
        k3, b3 = read_layer(f, f"{fire}/expand3x3")
        x = torch.cat([F.relu(F.conv2d(s, k1, b1)), F.relu(F.conv2d(s, k3, b3, padding=1))], dim=1)
        layers[fire] = summarise(x)
        if fire in ("fire3", "fire5"):
            x = pool(x)
            layers["pool3" if fire == "fire3" else "pool5"] = summarise(x)
    return layers


def main():
    torch.set_grad_enabled(False)
    pixels = reference_image(64)
    x = torch.from_numpy(caffe_input(pixels))
    with h5py.File(H5, "r") as f:
        payload = {
            "description": "SqueezeNet 1.1 (Keras notop .h5) features of a 64x64 crop of tubingen.jpg, PyTorch float64; see scripts/reference/extractors_squeezenet.py",
            "torch": torch.__version__,
            "input": encode_pixels(pixels),
            "max": run(f, x, "max"),
            "average": run(f, x, "average"),
        }
    write_fixture("extractors_squeezenet.json", payload)


if __name__ == "__main__":
    main()
