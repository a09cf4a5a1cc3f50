// Types of scripts/check-package-contents.mjs for the TypeScript test that imports it.
export interface PackReport {
  files: { path: string; size: number }[];
  size: number;
  unpackedSize: number;
  entryCount: number;
}
export interface PackageBudget {
  size: number;
  unpackedSize: number;
  entryCount: number;
}
export const PACKAGE_BUDGET: PackageBudget;
export function entryPoints(manifest: Record<string, unknown>): string[];
export function readmeLinks(readme: string): string[];
export function packageContentProblems(
  pack: PackReport,
  manifest: Record<string, unknown>,
  readme: string,
  mapSources: Record<string, string[]>,
  budget?: PackageBudget,
): string[];
