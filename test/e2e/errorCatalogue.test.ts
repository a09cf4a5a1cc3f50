// The error catalogue (docs/errors.md), run for real: every command-line case in a child process and every API
// case in-process, each in a fresh folder. A case passes when the message matches, the exit code is right, no
// stack trace reaches the user, and no file in its folder was created, changed or removed.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { StylegradError } from '../../src/errors';
import { apiCases } from '../errors/apiCases';
import { cliCases } from '../errors/cliCases';
import { makeFixture, ROOT, runCli, snapshot } from '../errors/fixture';

const STACK_LINE = /^\s+at .+\(.*:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m;

describe('error catalogue: command line', () => {
  it.each(cliCases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const f = await makeFixture();
    try {
      await c.setup?.(f);
      const before = await snapshot(f.dir);
      const outcome = await runCli(c.args(f), f.dir, undefined, c.env);
      const lines = outcome.stderr.split('\n').filter((line) => line.trim() !== '');
      expect({ timedOut: outcome.timedOut, signal: outcome.signal }).toEqual({ timedOut: false, signal: null });
      expect(lines[0] ?? '', outcome.stderr).toMatch(c.message);
      expect(outcome.stderr).not.toMatch(STACK_LINE);
      expect(lines.length, outcome.stderr).toBeLessThanOrEqual(2); // commander adds "(run with --help for usage)"
      expect(outcome.code).toBe(c.exitCode ?? 1);
      expect(await snapshot(f.dir)).toEqual(before);
    } finally {
      await rm(f.dir, { recursive: true, force: true });
    }
  });
});

describe('error catalogue: API', () => {
  it.each(apiCases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const f = await makeFixture();
    try {
      await c.setup?.(f);
      const before = await snapshot(f.dir);
      const tensors = tf.memory().numTensors;
      const error = await Promise.resolve().then(() => c.run(f)).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(StylegradError);
      expect((error as Error).message).toMatch(c.message);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(await snapshot(f.dir)).toEqual(before);
    } finally {
      await rm(f.dir, { recursive: true, force: true });
    }
  });
});

describe('docs/errors.md', () => {
  it('lists every catalogue case by id, and no other', async () => {
    const doc = await readFile(path.join(ROOT, 'docs/errors.md'), 'utf8');
    const listed = [...doc.matchAll(/`((?:cli|input|output|history|plot|frames|apply|train|convert|weights|size|api)-[a-z0-9-]+)`/g)].map((m) => m[1]);
    const ids = [...cliCases, ...apiCases].map((c) => c.id);
    expect([...new Set(listed)].sort()).toEqual([...ids].sort());
    expect(ids.length).toBeGreaterThanOrEqual(60);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
