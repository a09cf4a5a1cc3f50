// End-to-end backend: the fastest one installed, chosen by pickBackend (tfjs-node after
// scripts/install-tfjs-node.sh, else wasm; never the pure-JS cpu backend, ~350× slower than PyTorch).
import * as tf from '@tensorflow/tfjs-core';
import { pickBackend } from '../../src/node/pickBackend';

process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
const picked = await pickBackend();
if (picked.name === 'cpu') throw new Error(`e2e tests need tfjs-node or wasm; ${picked.reason}`);
console.info(`e2e backend: ${picked.reason}`);
await tf.ready();
