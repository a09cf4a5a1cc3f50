// The CLI-wide flag parsers: every command's numbers, layer lists, optional entries and --bit-depth.
import { describe, expect, it } from 'vitest';
import { definedEntry, parseBitDepth, parseInteger, parseLayers, parseNumber } from '../../../src/cli/internal/parseCliOptions';

describe('parseCliOptions (one set of CLI parsers)', () => {
  it('definedEntry leaves out only undefined (0, false and empty strings are values)', () => {
    expect({ ...definedEntry('steps', undefined) }).toEqual({});
    expect(Object.keys(definedEntry('steps', undefined))).toEqual([]);
    expect(definedEntry('steps', 0)).toEqual({ steps: 0 });
    expect(definedEntry('flag', false)).toEqual({ flag: false });
    expect(definedEntry('name', '')).toEqual({ name: '' });
  });

  it('parses numbers, integers and layer lists, with one message per mistake', () => {
    expect(parseNumber('stylegrad', '--tv-weight', '1e-3')).toBe(0.001);
    expect(parseNumber('stylegrad', '--x', undefined)).toBeUndefined();
    expect(parseInteger('stylegrad', '--size', '512', 1)).toBe(512);
    expect(() => parseInteger('stylegrad', '--iterations', 'ten', 1)).toThrow("stylegrad: --iterations must be an integer >= 1; got 'ten'.");
    expect(() => parseInteger('stylegrad apply', '--size', '4.5', 8)).toThrow("stylegrad apply: --size must be an integer >= 8; got '4.5'.");
    expect(() => parseNumber('stylegrad', '--learning-rate', '0', { min: Number.MIN_VALUE })).toThrow("stylegrad: --learning-rate must be a number > 0; got '0'.");
    expect(() => parseNumber('stylegrad', '--style-weight', ' ')).toThrow("stylegrad: --style-weight must be a number; got ' '.");
    expect(parseLayers('stylegrad', '--content-layers', 'conv4_2:1, conv5_2:0.5')).toEqual({ conv4_2: 1, conv5_2: 0.5 });
    expect(parseLayers('stylegrad train', '--style-layers', 'relu1_2,relu2_2')).toEqual({ relu1_2: 1, relu2_2: 1 });
    for (const bad of ['conv4_2:-1', 'conv4_2:x', ':1', 'conv4_2:', 'a:1:2']) {
      expect(() => parseLayers('stylegrad train', '--style-layers', bad)).toThrow(`stylegrad train: --style-layers has a bad entry '${bad}'; use name or name:weight (weight >= 0), comma-separated.`);
    }
    expect(() => parseLayers('stylegrad', '--style-layers', ' , ')).toThrow("stylegrad: --style-layers must name at least one layer; got ' , '.");
  });

  it('parseBitDepth: 8 by default, 16 only when every output is a .png', () => {
    expect(parseBitDepth('stylegrad', undefined, [{ flag: '--output', path: 'a.jpg' }])).toBe(8);
    expect(parseBitDepth('stylegrad', '8', [{ flag: '--output', path: 'a.jpg' }])).toBe(8);
    expect(parseBitDepth('stylegrad apply', '16', [{ flag: '<output>', path: 'a.PNG' }, { flag: '<output>', path: 'b.png' }])).toBe(16);
    expect(() => parseBitDepth('stylegrad apply', '16', [{ flag: '<output>', path: 'a.png' }, { flag: '<output>', path: 'b.webp' }])).toThrow(
      "stylegrad apply: --bit-depth 16 needs a .png output, but <output> 'b.webp' is .webp (JPEG and WebP are 8-bit formats); write a .png, or leave --bit-depth at 8.",
    );
    expect(() => parseBitDepth('stylegrad', '16', [{ flag: '--output', path: 'out' }])).toThrow("but --output 'out' is without extension");
    expect(() => parseBitDepth('stylegrad', '12', [])).toThrow("stylegrad: --bit-depth must be 8 or 16; got '12'.");
  });
});
