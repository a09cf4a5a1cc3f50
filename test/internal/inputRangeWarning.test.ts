// An image that looks like RGB 0..1 where 0..255 is expected: stylize yields a 'warning' event before the
// first scale, applyTransform calls options.onWarning. A 0..255 image and an all-black one get no warning.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { StylegradError } from '../../src/errors';
import { applyTransform } from '../../src/feedforward/applyTransform';
import { createTransformNet } from '../../src/feedforward/createTransformNet';
import { stylize } from '../../src/index';
import type { StylizeEvent, StylizeOptions } from '../../src/transfer/types';
import { testImage, tinyExtractor } from '../helpers/tinyExtractor';

const extractor = tinyExtractor();
const content = testImage(0);
const style = testImage(2.5);
const unitContent = tf.div(content, 255) as tf.Tensor3D;
afterAll(() => {
  extractor.dispose();
  tf.dispose([content, style, unitContent]);
});

const base: StylizeOptions = { content, style, extractor, contentLayers: ['b'], styleLayers: ['a'], multiScale: false, earlyStopping: false, iterations: 1 };

async function collect(options: StylizeOptions): Promise<StylizeEvent[]> {
  const events: StylizeEvent[] = [];
  for await (const event of stylize(options)) {
    events.push(event);
    if (event.type === 'done') event.image.dispose();
  }
  return events;
}

describe('stylize input-range warning', () => {
  it('warns once per 0..1 image (content, style, init) before the first scale, and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const events = await collect({ ...base, content: unitContent, style: unitContent, init: unitContent });
    expect(tf.memory().numTensors).toBe(before);
    const warnings = events.filter((e) => e.type === 'warning');
    expect(warnings.map((w) => w.code)).toEqual(['input-range', 'input-range', 'input-range']);
    expect(warnings.map((w) => w.message.split(' has ')[0])).toEqual(['stylize: options.content', 'stylize: options.style', 'stylize: options.init']);
    expect(warnings[0]?.message).toMatch(/^stylize: options\.content has values in 0\.\d{1,3}\.\.0\.\d{1,3}, but RGB 0\.\.255 is expected; .*multiply it by 255/);
    expect(events.slice(0, 3).every((e) => e.type === 'warning')).toBe(true);
    expect(events[3]?.type).toBe('scale');
    expect(events.at(-1)?.type).toBe('done');
  });

  it('does not warn for 0..255 images or an all-black init', async () => {
    const black = tf.zeros<tf.Rank.R3>([16, 16, 3]);
    const before = tf.memory().numTensors;
    const events = await collect({ ...base, init: black });
    expect(tf.memory().numTensors).toBe(before);
    black.dispose();
    expect(events.filter((e) => e.type === 'warning')).toEqual([]);
    expect(events[0]?.type).toBe('scale');
  });
});

describe('applyTransform onWarning', () => {
  const net = createTransformNet({ seed: 0 });
  afterAll(() => net.dispose());

  it('calls onWarning for a 0..1 image, not for a 0..255 one, and leaks nothing', () => {
    const warnings: { code: string; message: string }[] = [];
    const onWarning = (warning: { code: string; message: string }): void => {
      warnings.push(warning);
    };
    const small = tf.tidy(() => tf.slice(unitContent, [0, 0, 0], [8, 8, 3]));
    const large = tf.tidy(() => tf.slice(content, [0, 0, 0], [8, 8, 3]));
    const before = tf.memory().numTensors;
    applyTransform(net, small, { onWarning }).dispose();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.code).toBe('input-range');
    expect(warnings[0]?.message).toMatch(/^applyTransform: image has values in .*, but RGB 0\.\.255 is expected/);
    applyTransform(net, large, { onWarning }).dispose();
    applyTransform(net, small).dispose();
    expect(warnings).toHaveLength(1);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([small, large]);
  });

  it('rejects a non-function onWarning', () => {
    const image = tf.zeros<tf.Rank.R3>([8, 8, 3]);
    expect(() => applyTransform(net, image, { onWarning: 'log' as never })).toThrow(StylegradError);
    expect(() => applyTransform(net, image, { onWarning: 'log' as never })).toThrow("applyTransform: options.onWarning must be a function; got 'log'.");
    image.dispose();
  });
});
