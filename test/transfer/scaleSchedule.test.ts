import { describe, expect, it } from 'vitest';
import { scaleSchedule } from '../../src/transfer/scaleSchedule';

describe('scaleSchedule', () => {
  it('steps by √2 from 128 to the target', () => {
    // 128·√2^k = 128, 181.02, 256, 362.04, (512 = target).
    expect(scaleSchedule(512)).toEqual([128, 181, 256, 362, 512]);
  });

  it('drops an intermediate size within √factor of the target', () => {
    // 192/2^(1/4) = 161.5: 181 is dropped, 128 kept.
    expect(scaleSchedule(192)).toEqual([128, 192]);
    // 140/2^(1/4) = 117.7 < 128: one scale.
    expect(scaleSchedule(140)).toEqual([140]);
    expect(scaleSchedule(64)).toEqual([64]);
  });

  it('honours start and factor', () => {
    expect(scaleSchedule(400, { start: 50, factor: 2 })).toEqual([50, 100, 200, 400]);
  });

  it('rejects bad arguments', () => {
    expect(() => scaleSchedule(0)).toThrow(/scaleSchedule: target must be an integer >= 1/);
    expect(() => scaleSchedule(256, { factor: 1 })).toThrow(/options.factor must be a finite number > 1/);
  });
});
