"""Independent PyTorch reference for stylegrad's pretrained fast-style networks (issue 4).

Runs the lengstrom/fast-style-transfer network (the layout in ../shared/data/fast-style/README section of
../shared/data/README.md) in PyTorch, float64, written from the original TensorFlow code's semantics:
TF 'SAME' padding computed explicitly (pad_total = max((ceil(n/s)-1)*s + k - n, 0), top = total//2),
tf.nn.conv2d_transpose with output [2h, 2w] and 'SAME' = full transposed conv cropped to the first 2h
rows/cols, instance norm (x - mean) / sqrt(var + 1e-3) * scale + shift with biased variance, ReLU,
output tanh(y) * 150 + 127.5 then clip to 0..255.

Inputs are real pixels (resized crops of ../shared/data/images/content/*.jpg, rounded to integers) and
are written into the JSON so the TypeScript test feeds exactly the same values:
  case 'batch2'  : [2, 36, 44, 3] (tubingen, golden_gate) — batch inference, sizes divisible by 4
  case 'odd'     : [1, 27, 33, 3] (chicago) — odd sizes; the TF network outputs 28x36, cropped to 27x33

For each style it records per-channel mean/std of the cropped pre-clip output, and at 48 fixed positions
the pre-tanh value y and the pre-clip output.

Run from the repo root:
  /work/.venv-peer/bin/python scripts/reference/feedforward_pretrained.py
writes test/fixtures/reference/feedforward_pretrained.json
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, '..', 'shared', 'data')
STYLES = ['udnie', 'wave', 'mathura']
OUT = os.path.join(ROOT, 'test', 'fixtures', 'reference', 'feedforward_pretrained.json')


def load_checkpoint(style):
    folder = os.path.join(DATA, 'fast-style', style)
    with open(os.path.join(folder, 'manifest.json')) as f:
        manifest = json.load(f)
    out = []
    for i in range(48):
        name = 'Variable' if i == 0 else f'Variable_{i}'
        entry = manifest[name]
        raw = np.fromfile(os.path.join(folder, entry['filename']), dtype='<f4')
        out.append(torch.from_numpy(raw.reshape(entry['shape']).astype(np.float64)))
    return out


def same_pads(n, k, s):
    total = max((math.ceil(n / s) - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def conv_same(x, w_hwio, stride):
    # x: NCHW; w: [kh, kw, in, out] (TF) -> torch [out, in, kh, kw]
    k = w_hwio.shape[0]
    top, bottom = same_pads(x.shape[2], k, stride)
    left, right = same_pads(x.shape[3], k, stride)
    x = F.pad(x, (left, right, top, bottom))
    return F.conv2d(x, w_hwio.permute(3, 2, 0, 1), stride=stride)


def deconv_same(x, w_hwoi, stride):
    # TF conv2d_transpose filter [kh, kw, out, in] -> torch conv_transpose2d weight [in, out, kh, kw].
    h, w = x.shape[2], x.shape[3]
    full = F.conv_transpose2d(x, w_hwoi.permute(3, 2, 0, 1), stride=stride)
    # The forward conv of a [2h] map with SAME padding pads 0 on top (total 1, bottom 1), so the
    # transposed conv is the full output cropped to rows 0 .. 2h-1.
    oh, ow = h * stride, w * stride
    top, _ = same_pads(oh, w_hwoi.shape[0], stride)
    left, _ = same_pads(ow, w_hwoi.shape[1], stride)
    return full[:, :, top:top + oh, left:left + ow]


def inorm(x, shift, scale):
    mean = x.mean(dim=(2, 3), keepdim=True)
    var = ((x - mean) ** 2).mean(dim=(2, 3), keepdim=True)
    return (x - mean) / torch.sqrt(var + 1e-3) * scale.view(1, -1, 1, 1) + shift.view(1, -1, 1, 1)


def network(v, image_nhwc):
    x = image_nhwc.permute(0, 3, 1, 2)
    it = iter(range(0, 48, 3))

    def layer(x, kind, stride, relu=True):
        i = next(it)
        w, shift, scale = v[i], v[i + 1], v[i + 2]
        y = conv_same(x, w, stride) if kind == 'conv' else deconv_same(x, w, stride)
        y = inorm(y, shift, scale)
        return torch.relu(y) if relu else y

    x = layer(x, 'conv', 1)
    x = layer(x, 'conv', 2)
    x = layer(x, 'conv', 2)
    for _ in range(5):
        x = x + layer(layer(x, 'conv', 1), 'conv', 1, relu=False)
    x = layer(x, 'deconv', 2)
    x = layer(x, 'deconv', 2)
    y = layer(x, 'conv', 1, relu=False)
    return y.permute(0, 2, 3, 1)  # pre-tanh, NHWC


def load_pixels(name, width, height):
    path = os.path.join(DATA, 'images', 'content', name)
    img = Image.open(path).convert('RGB').resize((width, height), Image.BICUBIC)
    return np.asarray(img, dtype=np.uint8)


def sample_positions(batch, height, width, count=48):
    state = 12345
    out = []
    for _ in range(count):
        picks = []
        for bound in (batch, height, width, 3):
            state = (1103515245 * state + 12345) % (2 ** 31)
            picks.append(state % bound)
        out.append(picks)
    return out


def main():
    cases = {
        'batch2': np.stack([load_pixels('tubingen.jpg', 44, 36), load_pixels('golden_gate.jpg', 44, 36)]),
        'odd': load_pixels('chicago.jpg', 33, 27)[None],
    }
    result = {'description': __doc__.strip().splitlines()[0], 'torch': torch.__version__, 'dtype': 'float64', 'cases': {}}
    for case, pixels in cases.items():
        b, h, w, _ = pixels.shape
        positions = sample_positions(b, h, w)
        entry = {'shape': list(pixels.shape), 'pixels': pixels.reshape(-1).tolist(), 'positions': positions, 'styles': {}}
        for style in STYLES:
            v = load_checkpoint(style)
            with torch.no_grad():
                y_full = network(v, torch.from_numpy(pixels.astype(np.float64)))
            full_shape = list(y_full.shape)
            y = y_full[:, :h, :w, :]
            out = torch.tanh(y) * 150 + 127.5
            entry['styles'][style] = {
                'uncroppedShape': full_shape,
                'channelMean': out.mean(dim=(0, 1, 2)).tolist(),
                'channelStd': out.std(dim=(0, 1, 2), unbiased=False).tolist(),
                'clippedMean': out.clamp(0, 255).mean().item(),
                'preTanh': [y[p[0], p[1], p[2], p[3]].item() for p in positions],
                'preClip': [out[p[0], p[1], p[2], p[3]].item() for p in positions],
            }
        result['cases'][case] = entry
    with open(OUT, 'w') as f:
        json.dump(result, f)
    print('wrote', OUT, os.path.getsize(OUT), 'bytes')
    for case, entry in result['cases'].items():
        for style, s in entry['styles'].items():
            print(case, style, s['uncroppedShape'], [round(m, 3) for m in s['channelMean']], round(s['clippedMean'], 3))


if __name__ == '__main__':
    main()
