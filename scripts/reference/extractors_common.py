"""Shared helpers for the extractor reference scripts (extractors_vgg19.py, extractors_squeezenet.py).

Not run on its own. Everything here is written from the file formats' documentation, not from stylegrad's
TypeScript: tfjs weights manifests (uint8 dequantisation value = q * scale + min, as tfjs does it in float64
then rounds to float32), the reference input image, and the per-layer summary the tests compare against.
"""
import base64
import json
import os

import numpy as np
from PIL import Image

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.abspath(os.path.join(ROOT, "..", "shared", "data"))
FIXTURES = os.path.join(ROOT, "test", "fixtures", "reference")
CAFFE_MEAN_BGR = np.array([103.939, 116.779, 123.68], dtype=np.float64)
SAMPLES = 16


def reference_image(size=64):
    """A size x size RGB uint8 image: the central square of tubingen.jpg, resized with Pillow's BICUBIC.

    The pixels are stored in the fixture itself, so the TypeScript test never decodes or resizes anything.
    """
    im = Image.open(os.path.join(DATA, "images", "content", "tubingen.jpg")).convert("RGB")
    w, h = im.size
    s = min(w, h)
    im = im.crop(((w - s) // 2, (h - s) // 2, (w - s) // 2 + s, (h - s) // 2 + s)).resize((size, size), Image.BICUBIC)
    return np.asarray(im, dtype=np.uint8)


def caffe_input(pixels):
    """RGB uint8 [H, W, 3] -> caffe-preprocessed float64 NCHW [1, 3, H, W] (BGR minus the ImageNet means)."""
    x = pixels.astype(np.float64)[:, :, ::-1] - CAFFE_MEAN_BGR
    return np.ascontiguousarray(x.transpose(2, 0, 1)[None])


def load_tfjs_manifest_weights(folder):
    """Reads a tfjs layers-model folder's weights as float32 numpy arrays, dequantising like tfjs."""
    with open(os.path.join(folder, "model.json")) as f:
        manifest = json.load(f)["weightsManifest"]
    weights = {}
    sizes = {"float32": 4, "uint8": 1, "uint16": 2}
    for group in manifest:
        data = b"".join(open(os.path.join(folder, p), "rb").read() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            count = int(np.prod(spec["shape"]))
            q = spec.get("quantization")
            dtype = q["dtype"] if q else spec["dtype"]
            raw = np.frombuffer(data, dtype={"float32": "<f4", "uint8": "u1", "uint16": "<u2"}[dtype], count=count, offset=offset)
            if q:
                values = (raw.astype(np.float64) * q["scale"] + q["min"]).astype(np.float32)
            else:
                values = raw.astype(np.float32)
            weights[spec["name"]] = values.reshape(spec["shape"])
            offset += count * sizes[dtype]
    return weights


def summarise(nchw):
    """Per-layer summary in NHWC order: shape, sum, L2 norm, max |x|, and SAMPLES fixed entries."""
    nhwc = nchw.detach().numpy().transpose(0, 2, 3, 1)
    flat = nhwc.reshape(-1)
    rng = np.random.RandomState(0)
    idx = sorted(int(i) for i in rng.choice(flat.size, size=min(SAMPLES, flat.size), replace=False))
    return {
        "shape": list(nhwc.shape),
        "sum": float(flat.sum()),
        "norm": float(np.sqrt((flat * flat).sum())),
        "maxAbs": float(np.abs(flat).max()),
        "samples": [[i, float(flat[i])] for i in idx],
    }


def encode_pixels(pixels):
    return {"shape": list(pixels.shape), "base64": base64.b64encode(pixels.tobytes()).decode("ascii")}


def write_fixture(name, payload):
    path = os.path.join(FIXTURES, name)
    with open(path, "w") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")
    print("wrote", path)
