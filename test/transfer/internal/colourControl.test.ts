// Colour control's effect on what the loss sees: 'statistics' gives the style the content's per-channel mean and
// standard deviation, 'histogram' the content's per-channel quantiles, 'luminance' grey images whose style
// luminance has the content's mean and standard deviation and keeps the content's chroma aside; recombining
// the content's own luminance with that chroma gives the content back.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { rgbToYiq } from '../../../src/image/rgbToYiq';
import { optimisedChannels, prepareColour, recombineColour, type ColourPrepared } from '../../../src/transfer/internal/colourControl';
import { resolveOptions } from '../../../src/transfer/internal/resolveOptions';
import type { ColourControl } from '../../../src/transfer/types';
import { tinyFixture } from '../../helpers/stylizeFixtures';

const fixture = tinyFixture();
const { extractor, content } = fixture;
// The fixture's style recoloured (each channel scaled and shifted differently), so matching has work to do.
const style = tf.tidy(() => tf.add(tf.mul(fixture.style, tf.tensor1d([0.5, 0.8, 0.3])), tf.tensor1d([90, 10, 40]))) as tf.Tensor3D;
afterAll(() => {
  fixture.dispose();
  style.dispose();
});

/** Prepares `colour` for the fixture; the tensors it made are returned to be disposed. */
function prepare(colour: ColourControl, images = { content, style }): { prepared: ColourPrepared; owned: tf.Tensor[] } {
  const plan = resolveOptions({ ...images, extractor, contentLayers: ['b'], styleLayers: ['a'], colour });
  const owned: tf.Tensor[] = [];
  return { prepared: prepareColour(plan, owned), owned };
}

/** Values of channel `c` of an `[H, W, C]` image. */
function channel(image: tf.Tensor, c: number): number[] {
  const channels = image.shape[image.rank - 1] ?? 1;
  return Array.from(image.dataSync()).filter((_, i) => i % channels === c);
}

const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const std = (v: number[]): number => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));
/** The value at cumulative fraction `p` (nearest rank). */
const quantile = (v: number[], p: number): number => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(p * v.length))] ?? NaN;

describe('prepareColour', () => {
  it("'none' passes the images through and makes no tensor", () => {
    const before = tf.memory().numTensors;
    const { prepared, owned } = prepare('none');
    expect(owned).toHaveLength(0);
    expect(tf.memory().numTensors).toBe(before);
    expect(prepared.content).toBe(content);
    expect(prepared.styles[0]?.image).toBe(style);
    expect(prepared.channels).toBe(3);
  });

  it("'statistics' gives the style fed to the loss the content's per-channel mean and standard deviation", () => {
    const { prepared, owned } = prepare('statistics');
    const matched = prepared.styles[0]?.image as tf.Tensor3D;
    for (let c = 0; c < 3; c++) {
      // The style started elsewhere: its mean and spread differ from the content's by far more than the tolerance.
      expect(Math.abs(mean(channel(style, c)) - mean(channel(content, c)))).toBeGreaterThan(10);
      expect(Math.abs(std(channel(style, c)) / std(channel(content, c)) - 1)).toBeGreaterThan(0.1);
      expect(mean(channel(matched, c))).toBeCloseTo(mean(channel(content, c)), 1);
      expect(std(channel(matched, c)) / std(channel(content, c))).toBeCloseTo(1, 2);
    }
    expect(prepared.content).toBe(content);
    expect(owned).toEqual([matched]);
    tf.dispose(owned);
  });

  it("'histogram' gives the style fed to the loss the content's per-channel quantiles", () => {
    // Ties broken by a ramp far below one level, so every value is distinct and the k-th smallest matched value
    // must be the content's k-th smallest (same pixel count, 16×16).
    const ramp = tf.reshape(tf.linspace(0, 0.1, 16 * 16 * 3), [16, 16, 3]);
    const images = { content: tf.add(content, ramp) as tf.Tensor3D, style: tf.add(style, tf.reverse(ramp, 0)) as tf.Tensor3D };
    const { prepared, owned } = prepare('histogram', images);
    const matched = prepared.styles[0]?.image as tf.Tensor3D;
    for (let c = 0; c < 3; c++) {
      const sorted = (v: number[]): number[] => [...v].sort((x, y) => x - y);
      const [got, want, before] = [sorted(channel(matched, c)), sorted(channel(images.content, c)), sorted(channel(images.style, c))];
      expect(Math.max(...before.map((v, k) => Math.abs(v - (want[k] ?? NaN))))).toBeGreaterThan(5);
      expect(Math.max(...got.map((v, k) => Math.abs(v - (want[k] ?? NaN))))).toBeLessThan(1e-3);
      for (const p of [0.05, 0.5, 0.95]) expect(quantile(channel(matched, c), p)).toBeCloseTo(quantile(channel(images.content, c), p), 3);
    }
    tf.dispose([ramp, images.content, images.style, ...owned]);
  });

  it("'luminance' optimises one channel: grey content and style, the style's Y at the content's mean and std", () => {
    const { prepared, owned } = prepare('luminance');
    const contentYiq = rgbToYiq(content);
    const contentY = channel(contentYiq, 0);
    const styleGrey = prepared.styles[0]?.image as tf.Tensor3D;
    expect(prepared.channels).toBe(1);
    for (const grey of [prepared.content as tf.Tensor3D, styleGrey]) {
      expect(channel(grey, 1)).toEqual(channel(grey, 0));
      expect(channel(grey, 2)).toEqual(channel(grey, 0));
    }
    channel(prepared.content as tf.Tensor3D, 0).forEach((y, i) => expect(y).toBeCloseTo(contentY[i] ?? NaN, 3));
    expect(mean(channel(styleGrey, 0))).toBeCloseTo(mean(contentY), 1);
    expect(std(channel(styleGrey, 0)) / std(contentY)).toBeCloseTo(1, 2);
    // The content's chroma (I, Q) is kept for recombination.
    expect(Array.from((prepared.chroma as tf.Tensor3D).dataSync())).toEqual(Array.from(tf.tidy(() => tf.slice(contentYiq, [0, 0, 1], [16, 16, 2])).dataSync()));
    tf.dispose([contentYiq, ...owned]);
  });
});

describe('recombineColour and optimisedChannels', () => {
  it("give the content back from its own luminance and chroma (luminance mode), making one tensor", () => {
    const { prepared, owned } = prepare('luminance');
    const before = tf.memory().numTensors;
    const rgb = tf.tidy(() => {
      const y = optimisedChannels(tf.expandDims<tf.Tensor4D>(content, 0), 1);
      expect(y.shape).toEqual([1, 16, 16, 1]);
      return recombineColour(prepared, y, 16, 16);
    });
    expect(tf.memory().numTensors).toBe(before + 1);
    const maxError = tf.tidy(() => tf.max(tf.abs(tf.sub(rgb, content))).dataSync()[0] ?? NaN);
    expect(maxError).toBeLessThan(1e-3);
    tf.dispose([rgb, ...owned]);
  });

  it('leave RGB as it is (three channels)', () => {
    const { prepared } = prepare('none');
    const rgb = tf.tidy(() => recombineColour(prepared, optimisedChannels(tf.expandDims<tf.Tensor4D>(content, 0), 3), 16, 16));
    expect(Array.from(rgb.dataSync())).toEqual(Array.from(content.dataSync()));
    rgb.dispose();
  });
});
