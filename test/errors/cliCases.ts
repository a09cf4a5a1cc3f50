// The error catalogue's command-line cases: each is a bad input a user can give `stylegrad`, the one line it
// must print on stderr, and its exit code. docs/errors.md lists every case by id (a test keeps them in step).
// The runner (test/e2e/errorCatalogue.test.ts) also checks that no stack trace is printed and that no file in
// the case's folder was created, changed or removed.
import { copyFile, mkdir, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { hangingKerasH5 } from '../io/hangingKerasH5';
import { UDNIE, VGG19, type Fixture } from './fixture';

/** One bad command line. */
export interface CliCase {
  /** Stable id, listed in docs/errors.md. */
  readonly id: string;
  /** The command-line arguments (after `stylegrad`). */
  readonly args: (f: Fixture) => string[];
  /** Prepares extra files in the fixture folder (they are part of the before-snapshot). */
  readonly setup?: (f: Fixture) => Promise<void>;
  /** What stderr's first line must match. */
  readonly message: RegExp;
  /** Default 1. */
  readonly exitCode?: number;
  /** Extra environment variables for the run. */
  readonly env?: Readonly<Record<string, string>>;
}

/** A tiny, fast stylize run on the fixture images: only `over` differs between cases. */
const stylize = (f: Fixture, ...over: string[]): string[] => ['-c', f.content, '-s', f.style, '-w', VGG19, '-o', f.at('out.png'), '--size', '32', '-i', '1', ...over];

/** A tfjs weights folder copied from VGG-19 (model.json + the shards) that a case then damages. */
async function copyWeights(f: Fixture, name = 'weights'): Promise<string> {
  const folder = f.at(name);
  await mkdir(folder);
  const { readdir } = await import('node:fs/promises');
  for (const file of await readdir(VGG19)) await copyFile(path.join(VGG19, file), path.join(folder, file));
  return folder;
}

async function editManifest(folder: string, edit: (json: { weightsManifest: { paths: string[]; weights: Record<string, unknown>[] }[] }) => void): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const file = path.join(folder, 'model.json');
  const json = JSON.parse(await readFile(file, 'utf8')) as { weightsManifest: { paths: string[]; weights: Record<string, unknown>[] }[] };
  edit(json);
  await writeFile(file, JSON.stringify(json));
}

export const cliCases: readonly CliCase[] = [
  // Options
  { id: 'cli-unknown-option', args: (f) => stylize(f, '--colour-mode', 'x'), message: /^stylegrad: unknown option '--colour-mode'/ },
  { id: 'cli-missing-output', args: (f) => ['-c', f.content, '-s', f.style, '-w', VGG19], message: /^stylegrad: required option '-o, --output <path>' not specified/ },
  { id: 'cli-bad-choice', args: (f) => stylize(f, '--optimizer', 'sgd'), message: /^stylegrad: option '--optimizer <name>' argument 'sgd' is invalid\. Allowed choices are lbfgs, adam/ },
  { id: 'cli-bad-integer', args: (f) => stylize(f, '--iterations', 'ten'), message: /^stylegrad: --iterations must be an integer >= 1; got 'ten'/ },
  { id: 'cli-zero-iterations', args: (f) => stylize(f, '--iterations', '0'), message: /^stylegrad: --iterations must be an integer >= 1; got '0'/ },
  { id: 'cli-bad-number', args: (f) => stylize(f, '--style-weight', '1e6x'), message: /^stylegrad: --style-weight must be a number; got '1e6x'/ },
  { id: 'cli-bad-size', args: (f) => stylize(f, '--size', '-5'), message: /^stylegrad: --size must be an integer >= 1; got '-5'/ },
  { id: 'cli-bad-learning-rate', args: (f) => stylize(f, '--optimizer', 'adam', '--learning-rate', '0'), message: /^stylegrad: --learning-rate must be a number > 0; got '0'/ },
  { id: 'cli-bad-early-stop', args: (f) => stylize(f, '--early-stop', 'soon'), message: /^stylegrad: --early-stop must be a number > 0; got 'soon'/ },
  { id: 'cli-unknown-preset', args: (f) => stylize(f, '--preset', 'monet'), message: /^stylegrad: --preset 'monet' is not a preset; valid presets: default, gatys/ },
  { id: 'cli-bad-layer-entry', args: (f) => stylize(f, '--style-layers', 'conv1_1:heavy'), message: /^stylegrad: --style-layers .*'conv1_1:heavy'/ },
  { id: 'cli-unknown-layer', args: (f) => stylize(f, '--style-layers', 'conv1_1,conv9_9'), message: /^stylegrad: --style-layers names unknown layer 'conv9_9' for vgg19; valid layers: .*conv1_1/ },
  { id: 'cli-bad-blend', args: (f) => stylize(f, '--style-blend', '1,2'), message: /^stylegrad: --style-blend must be 1 comma-separated numbers >= 0 \(one per --style\); got '1,2'/ },
  { id: 'cli-bad-style-loss', args: (f) => stylize(f, '--style-loss', 'swd'), message: /^stylegrad: option '--style-loss <kind>' argument 'swd' is invalid\. Allowed choices are gram, sliced-wasserstein, gaussian-w2, moment/ },
  { id: 'cli-bad-average', args: (f) => stylize(f, '--average', '1'), message: /^stylegrad: --average must be a decay strictly between 0 and 1 \(e\.g\. 0\.99\); got '1'/ },
  { id: 'cli-missing-content', args: (f) => ['-s', f.style, '-w', VGG19, '-o', f.at('out.png')], message: /^stylegrad: --content is required in mode 'transfer'/ },
  { id: 'cli-missing-style', args: (f) => ['-c', f.content, '-w', VGG19, '-o', f.at('out.png')], message: /^stylegrad: --style is required in mode 'transfer'/ },
  { id: 'cli-missing-weights', args: (f) => ['-c', f.content, '-s', f.style, '-o', f.at('out.png')], message: /^stylegrad: --weights is required/ },
  { id: 'cli-bad-backend', args: (f) => stylize(f, '--backend', 'webgl'), message: /^stylegrad: option '--backend <name>' argument 'webgl' is invalid\. Allowed choices are tfjs-node-gpu, tfjs-node, wasm, cpu/ },
  { id: 'apply-bad-size', args: (f) => ['apply', '--model', UDNIE, f.content, f.at('out.png'), '--size', 'big'], message: /^stylegrad apply: --size must be an integer >= 8; got 'big'/ },
  { id: 'apply-bad-tile-size', args: (f) => ['apply', '--model', UDNIE, f.content, f.at('out.png'), '--tile-size', '8'], message: /^stylegrad apply: --tile-size must be an integer >= 16; got '8'/ },
  { id: 'apply-tile-size-not-multiple', args: (f) => ['apply', '--model', UDNIE, f.content, f.at('out.png'), '--tile-size', '130'], message: /^stylegrad apply: --tile-size must be a multiple of 4 \(the network's stride\); got '130'/ },
  { id: 'apply-bad-max-memory', args: (f) => ['apply', '--model', UDNIE, f.content, f.at('out.png'), '--max-memory', 'lots'], message: /^stylegrad apply: --max-memory must be a number > 0; got 'lots'/ },
  { id: 'apply-over-memory', args: (f) => ['apply', '--model', UDNIE, f.content, f.at('out.png'), '--max-memory', '0.1'], message: /^stylegrad apply: --max-memory budget of 0\.1 GB \(--max-memory 0\.1\) is too small for '.*content\.jpg' \(\d+×\d+\): it needs about .* even in 128-pixel tiles/ },
  { id: 'apply-tile-size-over-memory', args: (f) => ['apply', '--model', UDNIE, f.content, f.at('out.png'), '--tile-size', '2048', '--size', '4096', '--max-memory', '2.5'], message: /^stylegrad apply: --tile-size 2048 needs about .* GB of memory for '.*content\.jpg' \(4096×\d+\), more than the budget of 2\.5 GB/ },
  { id: 'apply-bad-bit-depth', args: (f) => ['apply', '--model', UDNIE, f.content, f.at('out.png'), '--bit-depth', '12'], message: /^stylegrad: option '--bit-depth <bits>' argument '12' is invalid\. Allowed choices are 8, 16/ },
  { id: 'apply-bit-depth-jpeg', args: (f) => ['apply', '--model', UDNIE, f.content, f.at('out.jpg'), '--bit-depth', '16'], message: /^stylegrad apply: --bit-depth 16 needs a \.png output, but <output> '.*out\.jpg' is \.jpg \(JPEG and WebP are 8-bit formats\)/ },
  { id: 'cli-bad-bit-depth', args: (f) => stylize(f, '--bit-depth', '32'), message: /^stylegrad: option '--bit-depth <bits>' argument '32' is invalid\. Allowed choices are 8, 16/ },
  { id: 'cli-bit-depth-webp', args: (f) => stylize(f, '-o', f.at('out.webp'), '--bit-depth', '16'), message: /^stylegrad: --bit-depth 16 needs a \.png output, but --output '.*out\.webp' is \.webp/ },
  { id: 'convert-bad-quantize', args: (f) => ['convert', VGG19, f.at('converted'), '--quantize', 'int4'], message: /^stylegrad convert: --quantize must be uint8, float16 or float32; got 'int4'/ },

  { id: 'cli-bad-max-memory', args: (f) => stylize(f, '--max-memory', 'lots'), message: /^stylegrad: --max-memory must be a number > 0/ },
  { id: 'cli-preset-for-other-network', args: (f) => stylize(f, '--preset', 'cs231n-squeezenet'), message: /^stylegrad: --preset 'cs231n-squeezenet' is made for squeezenet1\.1/ },
  { id: 'train-extractor-mismatch', setup: async (f) => { await mkdir(f.at('photos')); await copyFile(f.content, f.at('photos/a.jpg')); }, args: (f) => ['train', '-s', f.style, '-i', f.at('photos'), '-w', VGG19, '-o', f.at('model'), '--extractor', 'vgg16'], message: /^stylegrad train: --extractor vgg16 does not match --weights: '.*vgg19-notop-uint8' holds VGG-19 weights \(it has block5_conv4\), not VGG-16/ },
  { id: 'train-images-missing', args: (f) => ['train', '-s', f.style, '-i', f.at('photos'), '-w', VGG19, '-o', f.at('model')], message: /^stylegrad train: --images '.*photos' does not exist/ },
  { id: 'train-output-holds-images', setup: async (f) => { await mkdir(f.at('photos')); await copyFile(f.content, f.at('photos/a.jpg')); }, args: (f) => ['train', '-s', f.style, '-i', f.at('photos'), '-w', VGG19, '-o', f.at('photos'), '--force'], message: /^stylegrad train: --output '.*photos' / },
  { id: 'convert-output-not-a-model-folder', setup: async (f) => { await mkdir(f.at('docs')); await writeFile(f.at('docs/notes.txt'), 'mine'); }, args: (f) => ['convert', VGG19, f.at('docs'), '--force'], message: /^stylegrad convert: <output> '.*docs' holds files that are not part of a model \('notes\.txt'\)/ },
  { id: 'convert-input-missing', args: (f) => ['convert', f.at('nothing.h5'), f.at('converted')], message: /^stylegrad convert: <input> '.*nothing\.h5' does not exist/ },

  // Input files
  { id: 'input-missing', args: (f) => stylize(f, '-c', f.at('missing.jpg')), message: /^stylegrad: --content '.*missing\.jpg' does not exist/ },
  { id: 'input-style-missing', args: (f) => stylize(f, '-s', f.at('nope.png')), message: /^stylegrad: --style '.*nope\.png' does not exist/ },
  { id: 'input-not-image', setup: (f) => writeFile(f.at('notes.jpg'), 'not an image at all'), args: (f) => stylize(f, '-c', f.at('notes.jpg')), message: /^stylegrad: --content '.*notes\.jpg' is not an image: its content is none of JPEG, PNG, WebP, GIF, TIFF or AVIF/ },
  { id: 'input-empty-file', setup: (f) => writeFile(f.at('empty.jpg'), ''), args: (f) => stylize(f, '-c', f.at('empty.jpg')), message: /^stylegrad: --content '.*empty\.jpg' is empty \(0 bytes\); give a JPEG, PNG, WebP, GIF, TIFF or AVIF image/ },
  { id: 'input-truncated-jpeg', setup: async (f) => { await copyFile(f.content, f.at('cut.jpg')); await truncate(f.at('cut.jpg'), 600); }, args: (f) => stylize(f, '-c', f.at('cut.jpg')), message: /^stylegrad: --content '.*cut\.jpg' is a truncated or corrupt JPEG image/ },
  { id: 'input-is-folder', setup: (f) => mkdir(f.at('folder.jpg')), args: (f) => stylize(f, '-s', f.at('folder.jpg')), message: /^stylegrad: --style '.*folder\.jpg' is a folder/ },
  { id: 'apply-input-missing', args: (f) => ['apply', '--model', UDNIE, f.at('missing.jpg'), f.at('out.png')], message: /^stylegrad apply: <input> '.*missing\.jpg' does not exist/ },
  { id: 'apply-model-missing', args: (f) => ['apply', '--model', 'no-such-style', '--models-dir', f.dir, f.content, f.at('out.png')], message: /^stylegrad apply: --model 'no-such-style' is neither a model folder nor a model name/ },

  // Outputs
  { id: 'output-exists', setup: (f) => writeFile(f.at('out.png'), 'keep me'), args: (f) => stylize(f), message: /^stylegrad: --output '.*out\.png' already exists; pass --force to overwrite it/ },
  { id: 'output-bad-extension', args: (f) => stylize(f, '-o', f.at('out.gif')), message: /^stylegrad: --output '.*out\.gif' must end in \.png, \.jpg, \.jpeg or \.webp/ },
  { id: 'output-is-content', args: (f) => stylize(f, '-o', f.content, '--force'), message: /^stylegrad: --output '.*content\.jpg' is the same file as --content '.*content\.jpg'; an input would be overwritten, so nothing was run \(even --force does not allow this\)/ },
  { id: 'output-is-style', args: (f) => stylize(f, '-o', f.style, '--force'), message: /^stylegrad: --output '.*style\.jpg' is the same file as --style '.*style\.jpg'; an input would be overwritten/ },
  { id: 'output-is-init', setup: (f) => copyFile(f.content, f.at('init.png')), args: (f) => stylize(f, '--init', f.at('init.png'), '-o', f.at('init.png'), '--force'), message: /^stylegrad: --output '.*init\.png' is the same file as --init '.*init\.png'; an input would be overwritten/ },
  { id: 'history-is-output', args: (f) => stylize(f, '--history', f.at('out.png')), message: /^stylegrad: --history '.*out\.png' is the same file as --output '.*out\.png'; one output would overwrite another/ },
  { id: 'plot-is-history', args: (f) => stylize(f, '--history', f.at('run.json'), '--plot', f.at('run.json')), message: /^stylegrad: --plot '.*run\.json' is the same file as --history '.*run\.json'; one output would overwrite another/ },
  { id: 'plot-is-content-via-dots', args: (f) => stylize(f, '--plot', path.join(f.dir, 'sub', '..', 'content.jpg'), '--force'), message: /^stylegrad: --plot '.*content\.jpg' is the same file as --content/ },
  { id: 'output-is-hard-link-of-content', setup: async (f) => { const { link } = await import('node:fs/promises'); await link(f.content, f.at('alias.jpg')); }, args: (f) => stylize(f, '-o', f.at('alias.jpg'), '--force'), message: /^stylegrad: --output '.*alias\.jpg' is the same file as --content '.*content\.jpg'/ },
  { id: 'history-inside-weights', setup: async (f) => { await copyWeights(f); }, args: (f) => stylize(f, '-w', f.at('weights'), '--history', f.at('weights/model.json'), '--force'), message: /^stylegrad: --history '.*weights\/model\.json' is inside --weights '.*weights'; an input would be overwritten, so nothing was run/ },
  { id: 'frames-hold-init', setup: async (f) => { await mkdir(f.at('out-frames')); await copyFile(f.content, f.at('out-frames/start.png')); }, args: (f) => stylize(f, '--init', f.at('out-frames/start.png'), '--save-every', '1', '--force'), message: /^stylegrad: --save-every '.*out-frames' holds --init '.*out-frames\/start\.png'; an input would be overwritten/ },
  { id: 'output-is-folder', setup: (f) => mkdir(f.at('dir.png')), args: (f) => stylize(f, '-o', f.at('dir.png'), '--force'), message: /^stylegrad: --output '.*dir\.png' is a folder; give a file name/ },
  { id: 'output-folder-unwritable', args: (f) => stylize(f, '-o', '/sys/stylegrad-test/out.png'), message: /^stylegrad: --output '\/sys\/stylegrad-test\/out\.png' cannot be written: '\/sys' does not accept new files/ },
  { id: 'plot-folder-unwritable', args: (f) => stylize(f, '--plot', '/sys/stylegrad-test/plot.png'), message: /^stylegrad: --plot '\/sys\/stylegrad-test\/plot\.png' cannot be written: '\/sys' does not accept new files/ },
  { id: 'history-under-a-file', setup: (f) => writeFile(f.at('file'), 'x'), args: (f) => stylize(f, '--history', f.at('file/h.json')), message: /^stylegrad: --history '.*file\/h\.json' cannot be created: '.*file' is a file, not a folder/ },
  { id: 'history-exists', setup: (f) => writeFile(f.at('out.loss.json'), '{}'), args: (f) => stylize(f), message: /^stylegrad: --history '.*out\.loss\.json' already exists; pass --force/ },
  { id: 'frames-exist', setup: (f) => mkdir(f.at('out-frames')), args: (f) => stylize(f, '--save-every', '1'), message: /^stylegrad: --save-every '.*out-frames' already exists; pass --force/ },
  { id: 'apply-output-is-input', args: (f) => ['apply', '--model', UDNIE, f.content, f.content, '--force'], message: /^stylegrad apply: <output> '.*content\.jpg' is the same file as <input> '.*content\.jpg'/ },
  { id: 'apply-output-exists', setup: (f) => writeFile(f.at('out.png'), 'keep'), args: (f) => ['apply', '--model', UDNIE, f.content, f.at('out.png')], message: /^stylegrad apply: <output> '.*out\.png' already exists; pass --force/ },
  { id: 'apply-output-bad-extension', args: (f) => ['apply', '--model', UDNIE, f.content, f.at('out.bmp')], message: /^stylegrad apply: <output> '.*out\.bmp' must end in \.png, \.jpg, \.jpeg or \.webp/ },
  { id: 'convert-same-path', args: () => ['convert', VGG19, VGG19, '--force'], message: /^stylegrad convert: <output> '.*vgg19-notop-uint8' is <input> '.*vgg19-notop-uint8'; the folder is replaced as a whole, so an input would be lost/ },
  { id: 'convert-output-exists', setup: (f) => mkdir(f.at('converted')), args: (f) => ['convert', VGG19, f.at('converted')], message: /^stylegrad convert: <output> '.*converted' already exists; pass --force/ },

  // Weights
  { id: 'weights-missing', args: (f) => stylize(f, '-w', f.at('no-weights')), message: /^stylegrad: --weights '.*no-weights' does not exist/ },
  { id: 'weights-wrong-network', args: (f) => stylize(f, '--extractor', 'vgg16'), message: /^stylegrad: --extractor vgg16 does not match --weights: '.*vgg19-notop-uint8' holds VGG-19 weights \(it has block5_conv4\), not VGG-16; pass --extractor vgg19, or leave --extractor out/ },
  { id: 'weights-truncated-shard', setup: async (f) => { const w = await copyWeights(f); await truncate(path.join(w, 'group1-shard3of20.bin'), 1000); }, args: (f) => stylize(f, '-w', f.at('weights')), message: /^stylegrad: loadWeightsFromPath: weightsManifest\[0\]\.paths\[2\] \('group1-shard3of20\.bin' of .*model\.json\) holds 1000 bytes but 1048576 are expected/ },
  { id: 'weights-padded-shard', setup: async (f) => { const w = await copyWeights(f); const { appendFile } = await import('node:fs/promises'); await appendFile(path.join(w, 'group1-shard20of20.bin'), Buffer.alloc(16)); }, args: (f) => stylize(f, '-w', f.at('weights')), message: /^stylegrad: loadWeightsFromPath: weightsManifest\[0\]\.paths\[19\] \('group1-shard20of20\.bin' of .*model\.json\) holds 1048592 bytes but 101440 are expected/ },
  { id: 'weights-missing-shard', setup: async (f) => { const w = await copyWeights(f); const { rm } = await import('node:fs/promises'); await rm(path.join(w, 'group1-shard7of20.bin')); }, args: (f) => stylize(f, '-w', f.at('weights')), message: /^stylegrad: createVggExtractor: weights contain no vgg19 layer: weight file 'group1-shard7of20\.bin' listed in .*model\.json could not be read/ },
  { id: 'weights-manifest-escapes', setup: async (f) => { const w = await copyWeights(f); await editManifest(w, (j) => { j.weightsManifest[0]!.paths[0] = '/dev/zero'; }); }, args: (f) => stylize(f, '-w', f.at('weights')), message: /^stylegrad: loadWeightsFromPath: weightsManifest\[0\]\.paths of .*model\.json holds '\/dev\/zero'; shard paths must be relative and stay inside the model's folder/ },
  { id: 'weights-manifest-dotdot', setup: async (f) => { const w = await copyWeights(f); await editManifest(w, (j) => { j.weightsManifest[0]!.paths[0] = '../content.jpg'; }); }, args: (f) => stylize(f, '-w', f.at('weights')), message: /^stylegrad: loadWeightsFromPath: weightsManifest\[0\]\.paths of .*model\.json holds '\.\.\/content\.jpg'; shard paths must be relative and stay inside the model's folder/ },
  { id: 'weights-manifest-bad-shape', setup: async (f) => { const w = await copyWeights(f); await editManifest(w, (j) => { j.weightsManifest[0]!.weights[0]!.shape = 'big'; }); }, args: (f) => stylize(f, '-w', f.at('weights')), message: /^stylegrad: loadWeightsFromPath: weightsManifest\[0\]\.weights\[0\]\.shape \(weight 'block1_conv1\/kernel' in .*model\.json\) must be an array of non-negative integers; got 'big'/ },
  { id: 'weights-manifest-no-dtype', setup: async (f) => { const w = await copyWeights(f); await editManifest(w, (j) => { delete j.weightsManifest[0]!.weights[0]!.dtype; }); }, args: (f) => stylize(f, '-w', f.at('weights')), message: /^stylegrad: loadWeightsFromPath: weightsManifest\[0\]\.weights\[0\]\.dtype \(weight 'block1_conv1\/kernel' in .*model\.json\) must be one of 'float32', 'int32', 'bool'; got undefined/ },
  { id: 'weights-model-json-garbage', setup: async (f) => { const w = await copyWeights(f); await writeFile(path.join(w, 'model.json'), '{"weightsManifest": ['); }, args: (f) => stylize(f, '-w', f.at('weights')), message: /^stylegrad: loadWeightsFromPath: source '.*model\.json' is not a tfjs model\.json: it is not valid JSON/ },
  { id: 'weights-corrupt-h5', setup: async (f) => { const bytes = Buffer.alloc(4096, 7); Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes); await writeFile(f.at('broken.h5'), bytes); }, args: (f) => stylize(f, '-w', f.at('broken.h5')), message: /^stylegrad: loadWeightsFromPath: weightsPath is a corrupt HDF5 file: .*broken\.h5 could not be read \(bad superblock version number\)/ },
  { id: 'weights-h5-parse-never-ends', setup: async (f) => writeFile(f.at('loops.h5'), await hangingKerasH5()), env: { STYLEGRAD_H5_TIMEOUT: '2' }, args: (f) => stylize(f, '-w', f.at('loops.h5')), message: /^stylegrad: loadWeightsFromPath: weightsPath '.*loops\.h5' looks corrupt: its HDF5 parse did not finish in 2 s/ },
  { id: 'weights-empty-h5', setup: (f) => writeFile(f.at('empty.h5'), ''), args: (f) => stylize(f, '-w', f.at('empty.h5')), message: /^stylegrad: loadWeightsFromPath: weightsPath '.*empty\.h5' is empty \(0 bytes\); expected a Keras \.h5 weights file or a tfjs model\.json/ },

  // Sizes and memory
  { id: 'size-over-memory', args: (f) => stylize(f, '--size', '20000'), message: /^stylegrad: --size 20000 needs about .* GB/ },
  { id: 'size-too-small-for-layers', args: (f) => stylize(f, '--size', '8', '--no-multi-scale'), message: /^stylegrad: vgg19\.extract: image is 6×8 but layer 'conv4_2' of vgg19 needs at least 8×8 pixels/ },
];
