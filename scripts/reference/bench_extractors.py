"""PyTorch peer for benchmarks/extractors.ts: the same work, timed the same way.

One forward pass of a feature extractor up to its deepest benchmarked layer (VGG-19 / VGG-16: conv5_1
after its ReLU; SqueezeNet 1.1: fire9), the sum of that layer as the loss, and the backward pass to the
input image, on one RGB image of SIZE x SIZE (value (7 h + 13 w + 29 c) mod 256, as the tfjs side) with 'caffe' preprocessing (RGB -> BGR, minus the ImageNet
means) as stylegrad's extractors do. Weights: VGG-19 from ../shared/data/weights/vgg19-notop-uint8
(dequantized uint8 manifest, q * scale + min), SqueezeNet 1.1 from the Keras .h5, VGG-16 random of the
right shapes (no VGG-16 weights exist here; timing does not depend on the values).

Timing: one warm-up pass, then as many passes as fit in --budget seconds (at least 3, or 1 when one pass
exceeds the budget; at most --max-runs);
the median is reported, of wall time and of CPU time (user + system, all threads). torch uses --threads intra-op threads (default 2, the machine's core count) and
one inter-op thread. The forward pass alone is also timed (under torch.no_grad, budget / 3). Peak memory is the process's peak RSS (each invocation is a fresh process).

Run (venv from scripts/setup-python-peer.sh):
    /work/.venv-peer/bin/python scripts/reference/bench_extractors.py --network vgg19 --size 256
Prints one JSON object on stdout. benchmarks/extractors.ts runs it for every (network, size) it measures.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, '..', 'shared', 'data', 'weights')
CAFFE_MEAN_BGR = (103.939, 116.779, 123.68)
VGG_BLOCKS = {'vgg19': (2, 2, 4, 4, 4), 'vgg16': (2, 2, 3, 3, 3)}
VGG_CHANNELS = (64, 128, 256, 512, 512)
FIRES = {2: (16, 64), 3: (16, 64), 4: (32, 128), 5: (32, 128), 6: (48, 192), 7: (48, 192), 8: (64, 256), 9: (64, 256)}


def load_vgg19_uint8():
    """Dequantizes the uint8 tfjs manifest: {name: HWIO float32 array}."""
    folder = os.path.join(DATA, 'vgg19-notop-uint8')
    with open(os.path.join(folder, 'model.json')) as f:
        group = json.load(f)['weightsManifest'][0]
    raw = b''.join(open(os.path.join(folder, p), 'rb').read() for p in group['paths'])
    out, offset = {}, 0
    for w in group['weights']:
        count = int(np.prod(w['shape']))
        q = w['quantization']
        assert q['dtype'] == 'uint8', w['name']
        values = np.frombuffer(raw, dtype=np.uint8, count=count, offset=offset).astype(np.float32)
        out[w['name']] = (values * np.float32(q['scale']) + np.float32(q['min'])).reshape(w['shape'])
        offset += count
    return out


def random_vgg(variant, rng):
    out, cin = {}, 3
    for b, convs in enumerate(VGG_BLOCKS[variant], start=1):
        cout = VGG_CHANNELS[b - 1]
        for n in range(1, convs + 1):
            out[f'block{b}_conv{n}/kernel'] = rng.normal(0, (2.0 / (9 * cin)) ** 0.5, (3, 3, cin, cout)).astype(np.float32)
            out[f'block{b}_conv{n}/bias'] = np.zeros(cout, np.float32)
            cin = cout
    return out


def load_squeezenet():
    import h5py
    path = os.path.join(DATA, 'squeezenet1.1-notop', 'squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5')
    out = {}
    with h5py.File(path, 'r') as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                parts = name.split('/')
                layer = parts[0] if parts[0] == 'conv1' else f'{parts[0]}/{parts[1]}'
                out[f"{layer}/{parts[-1].split(':')[0]}"] = np.array(obj, dtype=np.float32)
        f.visititems(visit)
    return out


def to_torch(weights):
    """HWIO kernels -> OIHW tensors; biases as they are."""
    return {k: torch.from_numpy(np.ascontiguousarray(v.transpose(3, 2, 0, 1) if v.ndim == 4 else v)) for k, v in weights.items()}


def vgg_features(w, variant, x, layers):
    """{convB_N: NCHW output of that conv after its ReLU} for `layers`, running only as deep as the deepest one.

    x is the preprocessed input; 3x3 convs with padding 1, 2x2 max pooling between blocks.
    """
    out, wanted = {}, set(layers)
    for b, convs in enumerate(VGG_BLOCKS[variant], start=1):
        for n in range(1, convs + 1):
            x = F.relu(F.conv2d(x, w[f'block{b}_conv{n}/kernel'], w[f'block{b}_conv{n}/bias'], padding=1))
            if f'conv{b}_{n}' in wanted:
                out[f'conv{b}_{n}'] = x
                if len(out) == len(wanted):
                    return out
        x = F.max_pool2d(x, 2, 2)
    raise ValueError(f'unknown layers: {sorted(wanted - set(out))}')


def vgg_forward(w, variant, x):
    """Up to conv5_1 (after ReLU)."""
    return vgg_features(w, variant, x, ['conv5_1'])['conv5_1']


def squeezenet_forward(w, x):
    """Keras SqueezeNet 1.1 up to fire9: valid padding except the 3x3 expands, 3x3/2 max pools."""
    def conv(x, name, padding=0, stride=1):
        return F.relu(F.conv2d(x, w[f'{name}/kernel'], w[f'{name}/bias'], stride=stride, padding=padding))

    x = F.max_pool2d(conv(x, 'conv1', stride=2), 3, 2)
    for i in range(2, 10):
        s = conv(x, f'fire{i}/squeeze1x1')
        x = torch.cat([conv(s, f'fire{i}/expand1x1'), conv(s, f'fire{i}/expand3x3', padding=1)], dim=1)
        if i in (3, 5):
            x = F.max_pool2d(x, 3, 2)
    return x


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--network', required=True, choices=['vgg19', 'vgg16', 'squeezenet1.1'])
    parser.add_argument('--size', type=int, required=True)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--budget', type=float, default=20.0, help='seconds of timed runs after the warm-up')
    parser.add_argument('--max-runs', type=int, default=10)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    rng = np.random.default_rng(0)
    if args.network == 'vgg19':
        w = to_torch(load_vgg19_uint8())
        forward = lambda x: vgg_forward(w, 'vgg19', x)
    elif args.network == 'vgg16':
        w = to_torch(random_vgg('vgg16', rng))
        forward = lambda x: vgg_forward(w, 'vgg16', x)
    else:
        w = to_torch(load_squeezenet())
        forward = lambda x: squeezenet_forward(w, x)

    # The image benchmarks/internal/extractorWorker.ts uses: RGB value (7 h + 13 w + 29 c) mod 256.
    h, w_, c = np.meshgrid(np.arange(args.size), np.arange(args.size), np.arange(3), indexing='ij')
    hwc = ((7 * h + 13 * w_ + 29 * c) % 256).astype(np.float32)
    rgb = torch.from_numpy(np.ascontiguousarray(hwc.transpose(2, 0, 1)[None]))
    mean = torch.tensor(CAFFE_MEAN_BGR).view(1, 3, 1, 1)

    def step():
        image = rgb.clone().requires_grad_(True)
        features = forward(image.flip(1) - mean)
        features.sum().backward()
        return image.grad

    def forward_only():
        with torch.no_grad():
            return forward(rgb.flip(1) - mean)

    t0 = time.perf_counter()
    forward_only()
    forward_warmup = time.perf_counter() - t0
    forward_times = []
    forward_budget = args.budget / 3
    for _ in range(max(1 if forward_warmup > forward_budget else 3, min(args.max_runs, int(forward_budget // max(forward_warmup, 1e-9))))):
        t0 = time.perf_counter()
        forward_only()
        forward_times.append(time.perf_counter() - t0)

    t0 = time.perf_counter()
    grad = step()
    warmup = time.perf_counter() - t0
    runs = max(1 if warmup > args.budget else 3, min(args.max_runs, int(args.budget // max(warmup, 1e-9))))
    times, cpu_times = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        grad = step()
        times.append(time.perf_counter() - t0)
        cpu_times.append(time.process_time() - c0)
    print(json.dumps({
        'impl': f'pytorch {torch.__version__}',
        'network': args.network,
        'size': args.size,
        'threads': args.threads,
        'forwardMedianSeconds': statistics.median(forward_times),
        'warmupSeconds': warmup,
        'runs': runs,
        'medianSeconds': statistics.median(times),
        'minSeconds': min(times),
        'medianCpuSeconds': statistics.median(cpu_times),
        'peakRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        'gradAbsSum': float(grad.abs().sum()),
    }))


if __name__ == '__main__':
    sys.exit(main())
