// The layer tables of the two transformation-network layouts (see TransformNetArchitecture), shared by
// the forward pass, the initialiser, the checkpoint importer and the layers-model converter.
import type { TransformNetArchitecture } from '../types';

/** One convolution stage: kernel size, stride, channels, and what follows it. */
export interface ConvSpec {
  readonly name: string;
  readonly kind: 'conv' | 'upconv' | 'deconv';
  readonly size: number;
  readonly stride: number;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly bias: boolean;
  readonly norm: boolean;
  readonly relu: boolean;
  /** For residual blocks: `a` (norm + ReLU) then `b` (norm, added to the block input). */
  readonly residual?: { readonly block: string; readonly part: 'a' | 'b' };
}

export const RESIDUAL_BLOCKS = 5;

/** Instance-norm epsilon per layout (PyTorch InstanceNorm2d default; lengstrom's `_instance_norm`). */
export const NORM_EPSILON: Readonly<Record<TransformNetArchitecture, number>> = {
  'pytorch-examples': 1e-5,
  lengstrom: 1e-3,
};

/** The stages in execution order. */
export function convSpecs(architecture: TransformNetArchitecture): ConvSpec[] {
  const torch = architecture === 'pytorch-examples';
  const stage = (name: string, kind: ConvSpec['kind'], size: number, stride: number, inC: number, outC: number, relu = true): ConvSpec =>
    ({ name, kind, size, stride, inChannels: inC, outChannels: outC, bias: torch, norm: true, relu });
  const specs: ConvSpec[] = [stage('conv1', 'conv', 9, 1, 3, 32), stage('conv2', 'conv', 3, 2, 32, 64), stage('conv3', 'conv', 3, 2, 64, 128)];
  for (let i = 1; i <= RESIDUAL_BLOCKS; i++) {
    const block = `res${i}`;
    specs.push({ ...stage(`${block}a`, 'conv', 3, 1, 128, 128), residual: { block, part: 'a' } });
    specs.push({ ...stage(`${block}b`, 'conv', 3, 1, 128, 128, false), residual: { block, part: 'b' } });
  }
  const up = torch ? 'upconv' : 'deconv';
  specs.push(stage('up1', up, 3, 2, 128, 64), stage('up2', up, 3, 2, 64, 32));
  specs.push({ ...stage('out', 'conv', 9, 1, 32, 3, false), norm: !torch });
  return specs;
}

/** Every weight's name and shape, in the order of `convSpecs` (kernel, bias, norm beta, norm gamma). */
export function weightSpecs(architecture: TransformNetArchitecture): { name: string; shape: number[] }[] {
  const out: { name: string; shape: number[] }[] = [];
  for (const s of convSpecs(architecture)) {
    const kernel = s.kind === 'deconv' ? [s.size, s.size, s.outChannels, s.inChannels] : [s.size, s.size, s.inChannels, s.outChannels];
    out.push({ name: `${s.name}/kernel`, shape: kernel });
    if (s.bias) out.push({ name: `${s.name}/bias`, shape: [s.outChannels] });
    if (s.norm) {
      out.push({ name: `${s.name}/norm/beta`, shape: [s.outChannels] });
      out.push({ name: `${s.name}/norm/gamma`, shape: [s.outChannels] });
    }
  }
  return out;
}

/** Output spatial size before cropping: two stride-2 stages down (ceil), two ×2 stages up. */
export function uncroppedSize(size: number): number {
  return Math.ceil(Math.ceil(size / 2) / 2) * 4;
}
