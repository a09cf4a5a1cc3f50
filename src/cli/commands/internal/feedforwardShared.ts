// Helpers shared by `stylegrad apply` and `stylegrad train` (model folders, file checks).
import { readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StylegradError } from '../../../errors';

/** Where `--model <name>` is looked up: `$STYLEGRAD_MODELS_DIR`, else `~/.stylegrad/models`. */
export function defaultModelsDir(): string {
  const fromEnv = process.env.STYLEGRAD_MODELS_DIR;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : path.join(os.homedir(), '.stylegrad', 'models');
}

export async function isDirectory(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isDirectory() === true;
}

/** A model folder: `--model` itself when it is a folder, else `<modelsDir>/<name>`; errors list the names available. */
export async function resolveModel(fn: string, model: string, modelsDir: string): Promise<string> {
  if (await isDirectory(model)) return assertModelFolder(fn, model);
  const candidate = path.join(modelsDir, model);
  if (!model.includes('/') && !model.includes('\\') && (await isDirectory(candidate))) return assertModelFolder(fn, candidate);
  const available = (await readdir(modelsDir).catch(() => [] as string[])).sort();
  const listing = available.length > 0 ? `models in ${modelsDir}: ${available.join(', ')}` : `${modelsDir} holds no models`;
  throw new StylegradError(fn, '--model', `'${model}' is neither a model folder nor a model name (${listing}; set --models-dir or STYLEGRAD_MODELS_DIR).`);
}

/** A model folder holds model.json (tfjs layers model) or manifest.json (deeplearn checkpoint). */
async function assertModelFolder(fn: string, folder: string): Promise<string> {
  for (const name of ['model.json', 'manifest.json']) if ((await stat(path.join(folder, name)).catch(() => undefined))?.isFile() === true) return folder;
  throw new StylegradError(fn, '--model', `'${folder}' holds neither model.json (a tfjs model, e.g. from stylegrad train) nor manifest.json (a fast-style checkpoint).`);
}
