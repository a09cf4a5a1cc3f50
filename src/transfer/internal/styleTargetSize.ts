// The size a style image is resized to before its targets are computed, at one scale.

/**
 * The style's target size: its longer side is `styleScale` × the longer side of the `height`×`width` scale,
 * its aspect kept (each side at least 1). Whole and tiled scales resize their styles with it alike.
 *
 * @param styleShape - The style image's shape `[H, W, C]`.
 * @param height - The scale's height.
 * @param width - The scale's width.
 * @param styleScale - The plan's `styleScale`.
 * @returns The size to resize the style to.
 */
export function styleTargetSize(styleShape: readonly number[], height: number, width: number, styleScale: number): { height: number; width: number } {
  const longer = Math.max(1, Math.round(Math.max(height, width) * styleScale));
  const [h, w] = [styleShape[0] ?? 1, styleShape[1] ?? 1];
  return h >= w ? { height: longer, width: Math.max(1, Math.round((longer * w) / h)) } : { height: Math.max(1, Math.round((longer * h) / w)), width: longer };
}
