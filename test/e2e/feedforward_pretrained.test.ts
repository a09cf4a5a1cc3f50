// Every reference style and case (batch of 2 at 36×44, a single 27×33 image) against the independent
// PyTorch float64 implementation of scripts/reference/feedforward_pretrained.py.
import path from 'node:path';
import { describe, test } from 'vitest';
import { loadTransformNetFromPath } from '../../src/node/loadTransformNetFromPath';
import { type CaseRef, DATA, expectMatchesReference, reference } from '../feedforward/pretrainedReference';

describe.each(Object.keys((reference.cases.batch2 as CaseRef).styles))('%s', (style) => {
  test.each(Object.keys(reference.cases))('case %s matches PyTorch to 1e-4 relative error', async (caseName) => {
    const net = await loadTransformNetFromPath(path.join(DATA, 'fast-style', style));
    try {
      const errors = expectMatchesReference(net, reference.cases[caseName] as CaseRef, style);
      console.log(`${style} ${caseName}: ${Object.entries(errors).map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', ')}`);
    } finally {
      net.dispose();
    }
  });
});
