// CS231n assignment 3 (StyleTransfer, SqueezeNet 1.1): the same transfer with SqueezeNet 1.1 (the CS231n preset: fire2 / conv1, fire3, fire4, fire5, Adam)
// next to VGG-19 (the default preset). SqueezeNet is ~20× cheaper per iteration.
//
//   npx tsx examples/squeezenet-transfer.ts [size=192]
//
// Writes docs/examples/squeezenet-transfer.jpg: content, style, SqueezeNet result, VGG-19 result.
import { image, loadSqueezeNet, runToEnd, saveSheet, setUp, sizeArgument } from './internal/experiment';

const size = sizeArgument(192);
const { vgg } = await setUp();
const squeeze = await loadSqueezeNet();
const content = await image('content', 'tubingen.jpg', size);
const style = await image('style', 'composition_vii.jpg', size);
const squeezed = await runToEnd('SqueezeNet (cs231n-squeezenet)', { content, style, extractor: squeeze, preset: 'cs231n-squeezenet' });
const vggResult = await runToEnd('VGG-19 (default)', { content, style, extractor: vgg, iterations: 20, multiScale: false });
await saveSheet('squeezenet-transfer', [content.clone(), style.clone(), squeezed.image, vggResult.image], ['content', 'style', 'SqueezeNet 1.1', 'VGG-19'], 4, size);
content.dispose();
style.dispose();
squeeze.dispose();
vgg.dispose();
