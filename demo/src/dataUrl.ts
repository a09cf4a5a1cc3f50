/**
 * The absolute URL of a file in the data folder (weights, networks, sample images). The folder's base URL is the
 * page's `?data=` parameter, else `VITE_STYLEGRAD_DATA_URL` given when the site was built, else `data/` beside
 * the page (where `npm run demo` serves ../shared/data).
 *
 * @param relative - A path inside the data folder, e.g. `weights/vgg19-notop-uint8/model.json`.
 * @returns The URL to fetch.
 */
export function dataUrl(relative: string): string {
  const configured = new URLSearchParams(location.search).get('data') ?? (import.meta.env.VITE_STYLEGRAD_DATA_URL as string | undefined) ?? 'data/';
  const base = new URL(configured.endsWith('/') ? configured : `${configured}/`, location.href);
  return new URL(relative, base).href;
}
