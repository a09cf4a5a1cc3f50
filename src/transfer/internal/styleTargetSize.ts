// The size a style image is resized to before its targets are computed, at one scale.

/**
 * `image`'s size with its longer side scaled to `plan.styleScale` × the longer side of the `height`×`width`
 * scale, keeping the style's aspect (each side at least 1).
 */
export function styleTargetSize(styleShape: readonly number[], height: number, width: number, styleScale: number): { height: number; width: number } {
  const longer = Math.max(1, Math.round(Math.max(height, width) * styleScale));
  const [h, w] = [styleShape[0] ?? 1, styleShape[1] ?? 1];
  return h >= w ? { height: longer, width: Math.max(1, Math.round((longer * w) / h)) } : { height: Math.max(1, Math.round((longer * h) / w)), width: longer };
}
