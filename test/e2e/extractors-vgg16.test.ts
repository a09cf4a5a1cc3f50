// VGG-16 (all 13 convs, Keras names block1_conv1 .. block5_conv3) end to end with VGG-16-shaped weights the
// test writes as a Keras .h5 and converts to tfjs folders; no real VGG-16 weights exist in this workspace.
import { vgg16LoaderSuite } from '../node/vgg16LoaderSuite';

vgg16LoaderSuite(5, 32, 'pool5');
