// What the packed package must and must not hold, as a pure function of `npm pack --dry-run --json`'s report,
// package.json, the README's text and the `sources` of each packed source map. Used by scripts/check-package.mjs;
// tested in test/scripts/checkPackageContents.test.ts.

/** Budgets in bytes: the tarball is ~1.4 MB and 5.6 MB unpacked (0.1.0); a weights file or the image folders trip them. */
export const PACKAGE_BUDGET = { size: 2_000_000, unpackedSize: 7_000_000, entryCount: 60 };

const FORBIDDEN = [
  [/^(test|tests|__tests__|benchmarks|examples|demo|scripts|src|coverage|node_modules|\.tmp|\.ci|\.github)\//, 'a development folder'],
  [/^docs\/(api|examples)\//, 'generated docs or figures'],
  [/(^|\/)__tests__\/|\.(test|spec|bench)\.[cm]?[jt]sx?(\.map)?$/, 'a test or benchmark'],
  [/\.(h5|bin|onnx|pt|pth|ckpt)$/, 'a weights file'],
  [/(^|\/)\.env|\.tgz$|\.log$/, 'a local file'],
];

/** Every file package.json points at: main, module, types, bin and each `exports` target, without the leading `./`. */
export function entryPoints(manifest) {
  const targets = [manifest.main, manifest.module, manifest.types];
  const bin = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
  const walk = (value) => (typeof value === 'string' ? [value] : Object.values(value ?? {}).flatMap(walk));
  return [...new Set([...targets, ...bin, ...walk(manifest.exports)].filter((p) => typeof p === 'string'))].map((p) =>
    p.replace(/^\.\//, ''),
  );
}

/** The package-relative files a README links to (`[x](docs/cli.md#anchor)`), not URLs or in-page anchors. */
export function readmeLinks(readme) {
  const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1].split('#')[0]);
  return [...new Set(links.filter((l) => l !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(l)).map((l) => l.replace(/^\.\//, '')))];
}

/**
 * Problems with a packed package, one sentence each; empty when it is fine.
 * @param pack - one entry of `npm pack --dry-run --json`: `{ files: [{ path, size }], size, unpackedSize, entryCount }`.
 * @param manifest - package.json.
 * @param readme - README.md's text.
 * @param mapSources - for each packed `.map`, its `sources`.
 * @param budget - size limits, default PACKAGE_BUDGET.
 */
export function packageContentProblems(pack, manifest, readme, mapSources, budget = PACKAGE_BUDGET) {
  const paths = new Set(pack.files.map((f) => f.path));
  const problems = [];
  for (const required of ['package.json', 'README.md', 'LICENSE', ...entryPoints(manifest)]) {
    if (!paths.has(required)) problems.push(`${required} is missing from the package.`);
  }
  for (const link of readmeLinks(readme)) {
    if (!paths.has(link)) problems.push(`README.md links to ${link}, which is not in the package.`);
  }
  for (const path of paths) {
    const hit = FORBIDDEN.find(([pattern]) => pattern.test(path));
    if (hit) problems.push(`${path} is ${hit[1]} and must not be published.`);
    if (path.endsWith('.map') && !paths.has(path.slice(0, -4))) problems.push(`${path} maps a file that is not in the package.`);
  }
  for (const [map, sources] of Object.entries(mapSources)) {
    const bad = sources.filter((s) => /(^|\/)(test|tests|benchmarks|examples)\//.test(s) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(s));
    if (bad.length > 0) problems.push(`${map} maps test or benchmark code (${bad.slice(0, 3).join(', ')}).`);
  }
  for (const key of ['size', 'unpackedSize', 'entryCount']) {
    if (pack[key] > budget[key]) problems.push(`${key} ${pack[key]} is over the budget of ${budget[key]}.`);
  }
  return problems;
}
