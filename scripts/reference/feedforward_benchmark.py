"""PyTorch peer of benchmarks/feedforward.ts: the same work, timed on this machine (issue 4).

- apply: the pretrained udnie network (lengstrom layout, the real checkpoint; float32, torch.no_grad) on one
  [1, S, S, 3] image, for each size;
- train step: the pytorch-examples transformation network (float32) on a [B, S, S, 3] batch, VGG-19 features
  (random weights of the real shapes: timing does not depend on values) at relu1_2, relu2_2, relu3_3,
  relu4_3, content MSE at relu2_2, style MSE of C*H*W-normalised Grams, backward, Adam step.

Timing as benchmarks/internal/measure.ts: one warm-up, then as many runs as fit in --budget seconds (at least
3, or 1 if one run exceeds the budget), median. torch uses 2 intra-op threads.

Run: /work/.venv-peer/bin/python scripts/reference/feedforward_benchmark.py --sizes 256,512,1024 --train-size 256 --batch 4 --budget 10
Prints one JSON object on stdout.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import feedforward_pretrained as ref  # noqa: E402


def measure(fn, budget, max_runs=10):
    t = time.perf_counter(); fn(); warm = time.perf_counter() - t
    runs = max(1 if warm > budget else 3, min(max_runs, int(budget / max(warm, 1e-6))))
    times = []
    for _ in range(runs):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return {'runs': runs, 'medianSeconds': statistics.median(times), 'warmupSeconds': warm}


class ConvLayer(nn.Module):
    def __init__(self, cin, cout, k, stride, upsample=False, norm=True, relu=True):
        super().__init__()
        self.upsample, self.pad = upsample, nn.ReflectionPad2d(k // 2)
        self.conv = nn.Conv2d(cin, cout, k, stride)
        self.norm = nn.InstanceNorm2d(cout, affine=True) if norm else None
        self.relu = relu

    def forward(self, x):
        if self.upsample:
            x = F.interpolate(x, scale_factor=2, mode='nearest')
        x = self.conv(self.pad(x))
        if self.norm is not None:
            x = self.norm(x)
        return F.relu(x) if self.relu else x


class TransformerNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Sequential(ConvLayer(3, 32, 9, 1), ConvLayer(32, 64, 3, 2), ConvLayer(64, 128, 3, 2))
        self.res = nn.ModuleList([nn.Sequential(ConvLayer(128, 128, 3, 1), ConvLayer(128, 128, 3, 1, relu=False)) for _ in range(5)])
        self.tail = nn.Sequential(ConvLayer(128, 64, 3, 1, upsample=True), ConvLayer(64, 32, 3, 1, upsample=True), ConvLayer(32, 3, 9, 1, norm=False, relu=False))

    def forward(self, x):
        x = self.head(x)
        for block in self.res:
            x = x + block(x)
        return self.tail(x)


VGG19 = [(3, 64), (64, 64), 'M', (64, 128), (128, 128), 'M', (128, 256), (256, 256), (256, 256), (256, 256), 'M',
         (256, 512), (512, 512), (512, 512)]
TAPS = {1: 'relu1_2', 4: 'relu2_2', 8: 'relu3_3', 13: 'relu4_3'}  # index of the conv (1-based count) -> name


def vgg_features(x, weights):
    out, n = {}, 0
    mean = torch.tensor([123.68, 116.779, 103.939]).view(1, 3, 1, 1)
    x = (x - mean).flip(1)
    for layer in VGG19:
        if layer == 'M':
            x = F.max_pool2d(x, 2)
            continue
        w, b = weights[n]
        x = F.relu(F.conv2d(x, w, b, padding=1))
        if n in TAPS:
            out[TAPS[n]] = x
        n += 1
    return out


def gram(f):
    b, c, h, w = f.shape
    f = f.reshape(b, c, h * w)
    return f.bmm(f.transpose(1, 2)) / (c * h * w)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--sizes', default='256,512,1024')
    p.add_argument('--train-size', type=int, default=256)
    p.add_argument('--batch', type=int, default=4)
    p.add_argument('--budget', type=float, default=10)
    a = p.parse_args()
    torch.set_num_threads(2)
    torch.set_num_interop_threads(1)
    result = {'torch': torch.__version__, 'threads': 2, 'apply': {}, 'train': None}

    v = [t.float() for t in ref.load_checkpoint('udnie')]
    for s in [int(x) for x in a.sizes.split(',') if x]:
        x = torch.rand(1, s, s, 3) * 255

        def run():
            with torch.no_grad():
                y = ref.network(v, x)
                torch.clamp(torch.tanh(y) * 150 + 127.5, 0, 255).sum().item()
        result['apply'][str(s)] = measure(run, a.budget)

    torch.manual_seed(0)
    net = TransformerNet()
    opt = torch.optim.Adam(net.parameters(), 1e-3)
    weights, n = [], 0
    for layer in VGG19:
        if layer != 'M':
            weights.append((torch.randn(layer[1], layer[0], 3, 3) * (2 / (9 * layer[0])) ** 0.5, torch.zeros(layer[1])))
    style = vgg_features(torch.rand(1, 3, a.train_size, a.train_size) * 255, weights)
    style_grams = {k: gram(f) for k, f in style.items()}
    batch = torch.rand(a.batch, 3, a.train_size, a.train_size) * 255

    def step():
        opt.zero_grad()
        y = net(batch)
        fy = vgg_features(y, weights)
        with torch.no_grad():
            fx = vgg_features(batch, weights)['relu2_2']
        content = F.mse_loss(fy['relu2_2'], fx)
        style_loss = sum(F.mse_loss(gram(fy[k]), style_grams[k].expand(a.batch, -1, -1)) for k in style_grams)
        loss = content + 2 * style_loss
        loss.backward()
        opt.step()
        loss.item()
    result['train'] = {'size': a.train_size, 'batch': a.batch, **measure(step, a.budget)}
    print(json.dumps(result))


if __name__ == '__main__':
    main()
