// The NTSC YIQ transform as row-vector matrices (pixel · M), and its inverse computed from it in float64.
import { invert3x3 } from './matrix3';

// Rows are R, G, B; columns Y, I, Q: Y = 0.299 R + 0.587 G + 0.114 B, I = 0.595716 R − 0.274453 G − 0.321263 B,
// Q = 0.211456 R − 0.522591 G + 0.311135 B.
const forward = [0.299, 0.595716, 0.211456, 0.587, -0.274453, -0.522591, 0.114, -0.321263, 0.311135];

export const RGB_TO_YIQ: readonly number[] = forward;
export const YIQ_TO_RGB: readonly number[] = invert3x3(forward);
