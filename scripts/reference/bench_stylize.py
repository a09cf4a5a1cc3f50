"""PyTorch peer for benchmarks/stylize.ts: the PyTorch neural-transfer tutorial's algorithm on stylegrad's loss.

The optimisation, as in https://pytorch.org/tutorials/advanced/neural_style_tutorial.html: the pixels of the
content image are optimised with `torch.optim.LBFGS` (defaults: lr 1, max_iter 20, history 100, no line
search), the image is clamped to the valid range at the start of every closure call, and once more at the end.
`--line-search strong_wolfe` runs the same loop with torch's strong-Wolfe line search instead.

The problem is stylegrad's, so both sides minimise the same function of the same pixels:
- the content and style images are the exact float32 pixels stylegrad optimised (written by the benchmark as
  raw little-endian float32 HWC files, 0..255 RGB), no resizing here;
- VGG-19 from ../shared/data/weights/vgg19-notop-uint8, dequantised as tfjs does (q * scale + min), 'caffe'
  preprocessing (RGB -> BGR minus the ImageNet means), 3x3 convs with padding 1, ReLU, 2x2 max pooling;
  `convB_N` is the output of that conv after its ReLU;
- the loss spec comes from the benchmark (stylegrad's `default` preset): content = sum over layers of
  w_l * mean((F - P)^2); style = sum over layers of w_l * mean((G - A)^2) with G = F F^T / (C H W);
  TV = mean(dx^2) + mean(dy^2) on the 0..255 image; total = a * content + b * style + c * TV.
  Only these conventions are implemented; any other spec is refused.

The clock starts before the targets are computed (as stylegrad's does). Every closure call appends (evaluations so far, seconds since the optimisation started, total loss) to the
trace; the pixels are 0..255 floats. At the end the image is rounded to 8 bits and its loss reported too
(what a user saves). torch uses --threads intra-op threads (default 2) and one inter-op thread.

Run (venv from scripts/setup-python-peer.sh); benchmarks/stylize.ts does this for you:
    /work/.venv-peer/bin/python scripts/reference/bench_stylize.py --images DIR --evaluations 80
DIR holds content.f32, style.f32 and spec.json ({contentShape, styleShape, contentLayers, styleLayers,
contentWeight, styleWeight, tvWeight, contentReduction, gramNormalization, styleReduction, tvKind,
tvReduction}). Prints one JSON object on stdout.
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_extractors import CAFFE_MEAN_BGR, load_vgg19_uint8, to_torch, vgg_features  # noqa: E402

CAFFE_MEAN = torch.tensor(CAFFE_MEAN_BGR, dtype=torch.float32).view(1, 3, 1, 1)
SUPPORTED = {'contentReduction': 'mean', 'gramNormalization': 'chw', 'styleReduction': 'mean', 'tvKind': 'l2', 'tvReduction': 'mean'}


def read_image(folder, name, shape):
    data = np.fromfile(os.path.join(folder, name), dtype='<f4')
    assert data.size == int(np.prod(shape)), f'{name}: {data.size} values, expected shape {shape}'
    return torch.from_numpy(np.ascontiguousarray(data.reshape(shape).transpose(2, 0, 1)[None]))


def vgg19_features(w, rgb, layers):
    """{convB_N: NCHW features after ReLU} of the 0..255 RGB image, with 'caffe' preprocessing."""
    return vgg_features(w, 'vgg19', rgb.flip(1) - CAFFE_MEAN, layers)


def gram(f):
    _, c, h, w = f.shape
    m = f.reshape(c, h * w)
    return (m @ m.t()) / (c * h * w)


def make_loss(w, spec, content, style):
    for key, value in SUPPORTED.items():
        if spec[key] != value:
            raise ValueError(f'bench_stylize.py implements {key} = {value!r} only; got {spec[key]!r}')
    content_layers, style_layers = spec['contentLayers'], spec['styleLayers']
    with torch.no_grad():
        targets = vgg19_features(w, content, list(content_layers))
        grams = {k: gram(v) for k, v in vgg19_features(w, style, list(style_layers)).items()}
    layers = sorted(set(content_layers) | set(style_layers))

    def loss(x):
        feats = vgg19_features(w, x, layers)
        c = sum(wl * torch.mean((feats[l] - targets[l]) ** 2) for l, wl in content_layers.items())
        s = sum(wl * torch.mean((gram(feats[l]) - grams[l]) ** 2) for l, wl in style_layers.items())
        tv = torch.mean((x[:, :, :, 1:] - x[:, :, :, :-1]) ** 2) + torch.mean((x[:, :, 1:, :] - x[:, :, :-1, :]) ** 2)
        total = spec['contentWeight'] * c + spec['styleWeight'] * s + spec['tvWeight'] * tv
        return total, {'content': float(c), 'style': float(s), 'tv': float(tv)}

    return loss


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--images', required=True, help='folder with content.f32, style.f32, spec.json')
    parser.add_argument('--evaluations', type=int, required=True, help='closure calls (the loop stops after the step that reaches it)')
    parser.add_argument('--line-search', choices=['none', 'strong_wolfe'], default='none')
    parser.add_argument('--threads', type=int, default=2)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    with open(os.path.join(args.images, 'spec.json')) as f:
        spec = json.load(f)
    content = read_image(args.images, 'content.f32', spec['contentShape'])
    style = read_image(args.images, 'style.f32', spec['styleShape'])
    w = to_torch(load_vgg19_uint8())
    # The clock starts where stylegrad's does: before the content and style targets are computed.
    started = time.perf_counter()
    loss_fn = make_loss(w, spec, content, style)
    x = content.clone().requires_grad_(True)
    optimizer = torch.optim.LBFGS([x], line_search_fn=None if args.line_search == 'none' else args.line_search)
    trace = []

    def closure():
        with torch.no_grad():
            x.clamp_(0, 255)
        optimizer.zero_grad()
        total, terms = loss_fn(x)
        total.backward()
        if not trace:
            initial.update({'total': float(total), **terms})
        trace.append({'evaluations': len(trace) + 1, 'seconds': time.perf_counter() - started, 'loss': float(total)})
        return total

    initial = {}
    while len(trace) < args.evaluations:
        # The tutorial loops `optimizer.step(closure)` with max_iter 20 until its budget is used; the last step
        # is shortened so that the run ends at the budget exactly, as stylegrad's maxEvaluations does.
        remaining = args.evaluations - len(trace)
        optimizer.param_groups[0].update(max_iter=min(20, remaining), max_eval=min(25, remaining))
        optimizer.step(closure)
    with torch.no_grad():
        x.clamp_(0, 255)
        final, final_terms = loss_fn(x)
        delivered, delivered_terms = loss_fn(torch.round(x))
    print(json.dumps({
        'impl': f'pytorch {torch.__version__}',
        'algorithm': 'torch.optim.LBFGS' + ('' if args.line_search == 'none' else f' ({args.line_search})') + ', clamp in closure',
        'threads': args.threads,
        'initialLoss': initial,
        'finalLoss': {'total': float(final), **final_terms},
        'deliveredLoss': {'total': float(delivered), **delivered_terms},
        'evaluations': len(trace),
        'seconds': time.perf_counter() - started,
        'trace': trace,
    }))


if __name__ == '__main__':
    sys.exit(main())
