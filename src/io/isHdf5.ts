// Whether bytes are an HDF5 file (Keras .h5 weights), from the format's 8-byte signature alone.

/** HDF5's 8-byte signature: `\x89HDF\r\n\x1a\n`. */
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Tells whether `bytes` start with the HDF5 signature (the file need not be complete).
 *
 * @param bytes - The start of a file (8 bytes suffice).
 * @returns `true` for an HDF5 file.
 * @example
 * ```ts
 * isHdf5(new Uint8Array([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a])); // true
 * ```
 */
export function isHdf5(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}
