// The platform-neutral entry must bundle for browsers: no Node built-in anywhere in its graph, h5wasm (5 MB with
// its WebAssembly) only in a lazily loaded chunk, and the library's own code (tfjs excluded) within a size budget.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/node/writeFileAtomic';
import { ROOT } from '../helpers/sharedData';
import { browserBundle, isNodeBuiltin } from './browserBundle';

/** tfjs is a peer: the host application bundles it once, whatever it uses stylegrad for. */
const TFJS = ['@tensorflow/*'];
/**
 * Budget for `stylegrad`'s own code in a browser, minified + gzipped: 31.8 KiB before the distribution style losses
 * and spatial control, 46.7 KiB with them (2026-11-30; docs/browser.md), so 56 KiB leaves ~20% for growth.
 */
const GZIP_BUDGET = 56 * 1024;
const OUTPUT = path.join(ROOT, 'test-output/browser');

describe('stylegrad in a browser bundle', () => {
  it('the detector is sound: a node: import or a bare built-in is caught', async () => {
    expect(isNodeBuiltin('node:fs')).toBe(true);
    expect(isNodeBuiltin('fs/promises')).toBe(true);
    expect(isNodeBuiltin('path')).toBe(true);
    expect(isNodeBuiltin('@tensorflow/tfjs-core')).toBe(false);
    expect(isNodeBuiltin('h5wasm')).toBe(false);
    const withNode = await browserBundle({ contents: "import { readFileSync } from 'node:fs'; export const f = readFileSync;", resolveDir: ROOT }, TFJS);
    expect(withNode.errors.length + withNode.nodeImports.length).toBeGreaterThan(0);
    const withBare = await browserBundle({ contents: "import * as p from 'path'; export const j = p.join;", resolveDir: ROOT }, TFJS);
    expect(withBare.errors.length + withBare.nodeImports.length).toBeGreaterThan(0);
  });

  it('src/index.ts bundles with no Node built-in, h5wasm lazy, within the size budget', async () => {
    const bundle = await browserBundle({ file: path.join(ROOT, 'src/index.ts') }, TFJS);
    expect(bundle.errors).toEqual([]);
    expect(bundle.nodeImports).toEqual([]);
    expect(bundle.staticInputs.some((f) => f.startsWith('src/') || f.includes('/src/'))).toBe(true);
    expect(bundle.staticInputs.filter((f) => f.includes('h5wasm'))).toEqual([]);
    expect(bundle.lazyInputs.some((f) => f.includes('h5wasm'))).toBe(true);
    expect(bundle.staticInputs.filter((f) => f.includes('/src/node/') || f.startsWith('src/node/') || f.includes('src/cli/'))).toEqual([]);
    mkdirSync(OUTPUT, { recursive: true });
    await writeFileAtomic('bundle.test', 'output', path.join(OUTPUT, 'bundle-size.json'), `${JSON.stringify({ minBytes: bundle.minBytes, gzipBytes: bundle.gzipBytes, budgetGzipBytes: GZIP_BUDGET }, null, 2)}\n`);
    console.info(`stylegrad browser bundle (tfjs excluded): ${(bundle.minBytes / 1024).toFixed(1)} KiB min, ${(bundle.gzipBytes / 1024).toFixed(1)} KiB min+gzip (budget ${GZIP_BUDGET / 1024} KiB)`);
    expect(bundle.gzipBytes).toBeGreaterThan(10_000);
    expect(bundle.gzipBytes).toBeLessThanOrEqual(GZIP_BUDGET);
  });
});
