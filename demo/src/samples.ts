// What the data folder holds (its README says where each file comes from): sample images and pretrained
// feed-forward networks offered in the pickers.

/** A named file in the data folder. */
export interface Sample {
  readonly label: string;
  readonly path: string;
}

/** Content photos (jcjohnson/neural-style and fast-neural-style; Tübingen is Gatys et al.'s). */
export const CONTENT_SAMPLES: readonly Sample[] = ['tubingen', 'golden_gate', 'hoovertowernight', 'chicago', 'stata'].map((name) => ({
  label: name.replace(/_/g, ' '),
  path: `images/content/${name}.jpg`,
}));

/** Paintings, public domain in most countries. */
export const STYLE_SAMPLES: readonly Sample[] = [
  'starry_night', 'the_scream', 'shipwreck', 'composition_vii', 'wave', 'udnie', 'frida_kahlo', 'woman-with-hat-matisse',
].map((name) => ({ label: name.replace(/[_-]/g, ' '), path: `images/style/${name}.jpg` }));

/** The pretrained fast-style networks (deeplearn.js checkpoints: reiinakano's six, ml5's three). */
export const NETWORKS: readonly Sample[] = ['la_muse', 'rain_princess', 'scream', 'udnie', 'wave', 'wreck', 'mathura', 'matilde_perez', 'matta'].map((name) => ({
  label: name.replace(/_/g, ' '),
  path: `fast-style/${name}`,
}));

/** Where each extractor's weights are. */
export const EXTRACTOR_WEIGHTS: Readonly<Record<'vgg19' | 'squeezenet1.1', string>> = {
  vgg19: 'weights/vgg19-notop-uint8/model.json',
  'squeezenet1.1': 'weights/squeezenet1.1-notop/squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5',
};
