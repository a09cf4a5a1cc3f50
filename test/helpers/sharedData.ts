// Where the tests find the real weights and images: ../shared/data beside the repository (read-only, never copied).
import path from 'node:path';

/** The repository root. */
export const ROOT = path.resolve(import.meta.dirname, '../..');
/** ../shared/data: weights and images (its README says what and from where). */
export const DATA = path.resolve(ROOT, '../shared/data');
/** Tübingen (Gatys et al.'s content photo). */
export const CONTENT_IMAGE = path.join(DATA, 'images/content/tubingen.jpg');
/** The Starry Night. */
export const STYLE_IMAGE = path.join(DATA, 'images/style/starry_night.jpg');
/** VGG-19 without its top, uint8-quantised tfjs layers-model folder. */
export const VGG19_WEIGHTS = path.join(DATA, 'weights/vgg19-notop-uint8');
/** SqueezeNet 1.1 without its top, Keras .h5. */
export const SQUEEZENET_WEIGHTS = path.join(DATA, 'weights/squeezenet1.1-notop/squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5');
