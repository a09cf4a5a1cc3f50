// A minimal PNG decoder written from the PNG specification (W3C, 2nd edition: chunks, zlib stream, the five
// scanline filters), independent of sharp/libvips, so a test can check what writeImage really stored. Non-interlaced
// greyscale (colour type 0) and RGB (colour type 2) at 8 or 16 bits only.
import { inflateSync } from 'node:zlib';

/** The decoded header and samples (16-bit samples are big-endian in the file, returned as numbers). */
export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colorType: number;
  readonly samples: number[];
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(file: Uint8Array): DecodedPng {
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  if (!signature.every((byte, i) => file[i] === byte)) throw new Error('not a PNG');
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let [width, height, bitDepth, colorType, interlace] = [0, 0, 0, 0, 0];
  const idat: Uint8Array[] = [];
  for (let at = 8; at < file.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...file.subarray(at + 4, at + 8));
    const data = file.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') [width, height, bitDepth, colorType, interlace] = [view.getUint32(at + 8), view.getUint32(at + 12), data[8]!, data[9]!, data[12]!];
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  if (interlace !== 0 || (colorType !== 0 && colorType !== 2) || (bitDepth !== 8 && bitDepth !== 16)) throw new Error(`unsupported PNG: colour type ${colorType}, ${bitDepth} bits, interlace ${interlace}`);
  const channels = colorType === 2 ? 3 : 1;
  const bpp = (channels * bitDepth) / 8;
  const stride = width * bpp;
  const raw = inflateSync(Buffer.concat(idat));
  const rows = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? rows[y * stride + x - bpp]! : 0;
      const b = y > 0 ? rows[(y - 1) * stride + x]! : 0;
      const c = x >= bpp && y > 0 ? rows[(y - 1) * stride + x - bpp]! : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (predictor === undefined) throw new Error(`bad filter type ${filter}`);
      rows[y * stride + x] = (line[x]! + predictor) & 0xff;
    }
  }
  const samples: number[] = [];
  for (let i = 0; i < rows.length; i += bitDepth / 8) samples.push(bitDepth === 16 ? rows[i]! * 256 + rows[i + 1]! : rows[i]!);
  return { width, height, bitDepth, colorType, samples };
}
