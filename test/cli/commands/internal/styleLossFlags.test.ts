import { describe, expect, it } from 'vitest';
import { checkStyleLossMasks, checkStyleLossTiling, STYLE_LOSS_HELP, styleLossFlags } from '../../../../src/cli/commands/internal/styleLossFlags';
import { StylegradError } from '../../../../src/errors';

describe('styleLossFlags', () => {
  it('maps --style-loss and --average to styleLoss and averageIterates, only when given', () => {
    expect(styleLossFlags({})).toEqual({});
    expect(styleLossFlags({ styleLoss: 'sliced-wasserstein' })).toEqual({ styleLoss: 'sliced-wasserstein' });
    expect(styleLossFlags({ styleLoss: 'moment', average: '0.99' })).toEqual({ styleLoss: 'moment', averageIterates: 0.99 });
    expect(Object.keys(STYLE_LOSS_HELP)).toEqual(['gram', 'sliced-wasserstein', 'gaussian-w2', 'moment']);
  });

  it('names the flag for a bad value', () => {
    expect(() => styleLossFlags({ styleLoss: 'swd' })).toThrow(StylegradError);
    expect(() => styleLossFlags({ styleLoss: 'swd' })).toThrow("stylegrad: --style-loss must be one of gram, sliced-wasserstein, gaussian-w2, moment; got 'swd'.");
    for (const bad of ['0', '1', '1.5', '-0.1', 'often', '']) {
      expect(() => styleLossFlags({ average: bad })).toThrow(/^stylegrad: --average must be/);
    }
  });

  it('refuses a non-Gram loss in a tiled run, naming --style-loss', () => {
    expect(() => checkStyleLossTiling('gram', true)).not.toThrow();
    expect(() => checkStyleLossTiling('moment', false)).not.toThrow();
    for (const kind of ['sliced-wasserstein', 'gaussian-w2', 'moment'] as const) {
      expect(() => checkStyleLossTiling(kind, true)).toThrow(`stylegrad: --style-loss '${kind}' cannot be tiled (only gram tiles today)`);
    }
  });

  it('refuses a non-Gram loss with masks, naming --style-loss', () => {
    expect(() => checkStyleLossMasks('gram', true)).not.toThrow();
    expect(() => checkStyleLossMasks('gaussian-w2', false)).not.toThrow();
    expect(() => checkStyleLossMasks('sliced-wasserstein', true)).toThrow("stylegrad: --style-loss 'sliced-wasserstein' cannot be used with --mask or --style-mask");
  });
});
