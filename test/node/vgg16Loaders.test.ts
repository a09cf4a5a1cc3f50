// VGG-16 blocks 1-2 through every loader (fast); the full network runs in test/e2e/extractors-vgg16.test.ts.
import { vgg16LoaderSuite } from './vgg16LoaderSuite';

vgg16LoaderSuite(2, 16, 'pool2');
