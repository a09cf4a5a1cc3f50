import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { plotLossCurve } from '../../src/node/plotLossCurve';
import { useTemporaryFolder } from '../helpers/useTemporaryFolder';

const dir = useTemporaryFolder('stylegrad-plot-');

describe('plotLossCurve', () => {
  it('draws one polyline per series on a log scale with decade grid lines, and a marker', async () => {
    const path = join(dir(), 'loss.svg');
    // 1e2 .. 1e5 spans 3 decades → 4 horizontal grid lines (1e2, 1e3, 1e4, 1e5).
    await plotLossCurve({ total: [1e5, 1e4, 1e3, 1e2], style: [5e4, 5e3, 500, 50 * 2] }, path, { markers: [3], title: 'a <b> run' });
    const svg = await readFile(path, 'utf8');
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/stroke="#e0e0e0"/g)).toHaveLength(4);
    expect(svg).toContain('stroke-dasharray'); // the marker at iteration 3
    expect(svg).toContain('a &#60;b&#62; run'); // the title is escaped
  });

  it('writes a PNG of the requested size with the total curve drawn in black', async () => {
    const path = join(dir(), 'loss.png');
    await plotLossCurve({ total: [100, 10] }, path, { width: 400, height: 300 });
    const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([400, 300]);
    // The top-left corner is white background; some pixels are near-black (the total line, the frame, text).
    expect([data[0], data[1], data[2]]).toEqual([255, 255, 255]);
    let dark = 0;
    for (let i = 0; i < data.length; i += 3) if ((data[i] ?? 255) < 60 && (data[i + 1] ?? 255) < 60 && (data[i + 2] ?? 255) < 60) dark++;
    expect(dark).toBeGreaterThan(300);
  });

  it('skips non-finite and non-positive values on a log scale', async () => {
    const path = join(dir(), 'gaps.svg');
    await plotLossCurve({ total: [10, Number.NaN, 5, 0, 2, 1] }, path);
    const svg = await readFile(path, 'utf8');
    // Segments [10], [5], [2, 1]: two single points as circles, one polyline.
    expect(svg.match(/<polyline /g)).toHaveLength(1);
    expect(svg.match(/<circle /g)).toHaveLength(2);
  });

  it('rejects empty series, bad values and unknown extensions', async () => {
    await expect(plotLossCurve({}, join(dir(), 'x.png'))).rejects.toThrow(/plotLossCurve: series must be an object/);
    await expect(plotLossCurve({ total: ['a' as unknown as number] }, join(dir(), 'x.png'))).rejects.toThrow(/series.total must be an array of numbers/);
    await expect(plotLossCurve({ total: [1] }, join(dir(), 'x.gif'))).rejects.toThrow(/extension '\.gif'/);
  });
});
