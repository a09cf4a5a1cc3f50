// `stylegrad train`: write the trained model as one folder that appears (or replaces the old one) whole.
import { cp, lstat } from 'node:fs/promises';
import path from 'node:path';
import { StylegradError } from '../../../errors';
import { saveTransformNet } from '../../../feedforward/saveTransformNet';
import type { TransformNetWeights } from '../../../feedforward/types';
import type { TrainingLossRecord } from '../../../feedforward/trainTypes';
import { writeFileAtomic } from '../../../node/writeFileAtomic';
import { writeFolderAtomic } from '../../../node/writeFolderAtomic';
import { modelFilesHandler } from '../../../node/modelFilesHandler';
import { plotLossCurve } from '../../../node/plotLossCurve';
import { isDirectory } from './feedforwardShared';
import { isTrainOutputFile } from './planTrainRun';

const FN = 'stylegrad train';

/**
 * What {@link writeModelFolder} puts in the output folder.
 *
 * @example
 * ```ts
 * const contents: ModelFolderContents = { net, historyJson, history, title: 'stylegrad train: udnie.jpg', checkpointDir: 'model/checkpoint', ownCheckpoint: false };
 * ```
 * @category CLI
 */
export interface ModelFolderContents {
  readonly net: TransformNetWeights;
  readonly historyJson: string;
  readonly history: readonly TrainingLossRecord[];
  readonly title: string;
  /** `<output>/checkpoint`, copied into the new folder when it is this run's. */
  readonly checkpointDir: string;
  /** This run wrote `<output>/checkpoint` (or resumed from it): the output folder is this run's to replace. */
  readonly ownCheckpoint: boolean;
}

/**
 * Writes the trained model, history.json and loss.png as one folder that appears (or replaces the old one) whole.
 * A folder holding this run's own checkpoints is replaced (the checkpoint is copied over, so a failed swap leaves
 * it where it was); any other existing folder only with `--force`. When the folder cannot be written as planned
 * (another run created it, or it changed during training), the model goes to a free sibling name and the error
 * says so: hours of training are never thrown away.
 *
 * @param output - `--output`.
 * @param contents - The network, the history (JSON and records), the plot title and the checkpoint.
 * @param force - `--force`.
 * @throws {@link StylegradError} naming `--output` and the sibling folder the model was saved in instead.
 * @example
 * ```ts
 * await writeModelFolder('models/udnie', { net, historyJson, history, title: 'stylegrad train: udnie.jpg', checkpointDir, ownCheckpoint: false }, false);
 * ```
 * @category CLI
 */
export async function writeModelFolder(output: string, contents: ModelFolderContents, force: boolean): Promise<void> {
  const overwrite = force || contents.ownCheckpoint;
  // Planning found no folder here; if another run made one meanwhile, the trained model goes next to it.
  const target = overwrite ? output : await freeFolderName(output);
  let why = 'was created by another process while this run was training; it was left as it is and';
  try {
    await writeFolderAtomic(FN, '--output', target, (folder) => fillModelFolder(folder, contents), { overwrite, replaceable: isTrainOutputFile });
  } catch (error) {
    if (!(error instanceof StylegradError) || target !== output) throw error;
    why = `could not be replaced (${error.problem});`;
    const fallback = await freeFolderName(output);
    await writeFolderAtomic(FN, '--output', fallback, (folder) => fillModelFolder(folder, { ...contents, ownCheckpoint: false }), { overwrite: false });
    throw new StylegradError(FN, '--output', `'${output}' ${why} the model was saved as '${fallback}'.`);
  }
  if (target !== output) throw new StylegradError(FN, '--output', `'${output}' ${why} the model was saved as '${target}'.`);
}

/** The model files, history.json, loss.png and (when it is this run's) a copy of the checkpoint. */
async function fillModelFolder(folder: string, contents: ModelFolderContents): Promise<void> {
  await saveTransformNet(contents.net, modelFilesHandler(FN, folder));
  await writeFileAtomic(FN, '--output', path.join(folder, 'history.json'), contents.historyJson);
  const { history } = contents;
  const series = { total: history.map((r) => r.total), content: history.map((r) => r.content), style: history.map((r) => r.style), tv: history.map((r) => r.tv) };
  await plotLossCurve(series, path.join(folder, 'loss.png'), { title: contents.title, xLabel: 'step' });
  if (contents.ownCheckpoint && (await isDirectory(contents.checkpointDir))) {
    await cp(contents.checkpointDir, path.join(folder, 'checkpoint'), { recursive: true });
  }
}

/** `folder` when nothing is there, else the first free `folder-1`, `folder-2`, …. */
async function freeFolderName(folder: string): Promise<string> {
  const free = async (candidate: string): Promise<boolean> => (await lstat(candidate).catch(() => undefined)) === undefined;
  if (await free(folder)) return folder;
  for (let i = 1; ; i++) if (await free(`${folder}-${i}`)) return `${folder}-${i}`;
}
