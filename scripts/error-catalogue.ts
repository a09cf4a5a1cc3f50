// Re-runs the error catalogue (test/errors/*Cases.ts) outside vitest and classifies every outcome the way the
// trust review did: clear (the expected one-line message, exit code, nothing changed), obscure (another message,
// several lines or a stack trace), crash (killed by a signal or an unexpected exit code), hang (no end within the
// time limit), and silently wrong or lost (exit 0 for a bad input, or a file created, changed or removed).
// Prints a markdown table (id, outcome, the first line the user saw) and the counts.
//
//   npx tsx scripts/error-catalogue.ts [--only <regular expression matching case ids>]
import { rm } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../src/errors';
import { pickBackend } from '../src/node/pickBackend';
import { apiCases } from '../test/errors/apiCases';
import { cliCases } from '../test/errors/cliCases';
import { makeFixture, runCli, snapshot } from '../test/errors/fixture';

type Outcome = 'clear' | 'obscure' | 'crash' | 'hang' | 'silently wrong or lost';
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

const only = new RegExp(process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] ?? '' : '');
const rows: { id: string; outcome: Outcome; line: string }[] = [];
await pickBackend(); // some cases build their files with tensors

for (const c of cliCases.filter((k) => only.test(k.id))) {
  const f = await makeFixture();
  await c.setup?.(f);
  const before = (await snapshot(f.dir)).join('\n');
  const run = await runCli(c.args(f), f.dir, undefined, c.env);
  const lines = run.stderr.split('\n').filter((l) => l.trim() !== '');
  const changed = (await snapshot(f.dir)).join('\n') !== before;
  const outcome: Outcome = run.timedOut ? 'hang'
    : run.signal !== null || (run.code !== 0 && run.code !== (c.exitCode ?? 1)) ? 'crash'
    : run.code === 0 || changed ? 'silently wrong or lost'
    : !c.message.test(lines[0] ?? '') || STACK_LINE.test(run.stderr) || lines.length > 2 ? 'obscure'
    : 'clear';
  rows.push({ id: c.id, outcome, line: lines[0] ?? '' });
  await rm(f.dir, { recursive: true, force: true });
}

for (const c of apiCases.filter((k) => only.test(k.id))) {
  const f = await makeFixture();
  await c.setup?.(f);
  const before = (await snapshot(f.dir)).join('\n');
  const tensors = tf.memory().numTensors;
  const error = await Promise.resolve().then(() => c.run(f)).then(() => undefined, (e: unknown) => e);
  const changed = (await snapshot(f.dir)).join('\n') !== before || tf.memory().numTensors !== tensors;
  const message = error instanceof Error ? error.message : String(error);
  const outcome: Outcome = error === undefined || changed ? 'silently wrong or lost'
    : !(error instanceof StylegradError) || !c.message.test(message) ? 'obscure' : 'clear';
  rows.push({ id: c.id, outcome, line: message.split('\n')[0] ?? '' });
  await rm(f.dir, { recursive: true, force: true });
}

console.log('| case | outcome | first line the user sees |\n|---|---|---|');
for (const r of rows) console.log(`| \`${r.id}\` | ${r.outcome} | ${r.line.replace(/\/tmp\/stylegrad-errors-\w+/g, '…').replace(/\|/g, '\\|').slice(0, 240)} |`);
const counts = new Map<Outcome, number>();
for (const r of rows) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
console.log(`\n${rows.length} cases: ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ')}`);
process.exitCode = rows.every((r) => r.outcome === 'clear') ? 0 : 1;
