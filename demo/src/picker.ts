// An image picker: a sample from the data folder, a file from disk, or a file dropped on it; with a thumbnail.
import { dataUrl } from './dataUrl';
import { loadImage } from './imageTensors';
import type { Sample } from './samples';

/** What {@link createPicker} returns. */
export interface Picker {
  /** The root element (to append or remove). */
  readonly element: HTMLElement;
  /** The chosen image, decoded. */
  image(): Promise<HTMLImageElement>;
}

/**
 * Builds a picker offering `samples` (the first `initial` chosen) and any local file.
 *
 * @param samples - Images in the data folder.
 * @param initial - Index of the sample chosen at first.
 * @param idPrefix - Prefix of the ids of its select and file input (for labels and tests).
 * @returns The picker.
 */
export function createPicker(samples: readonly Sample[], initial: number, idPrefix: string): Picker {
  const element = document.createElement('div');
  element.className = 'picker';
  const select = document.createElement('select');
  select.id = `${idPrefix}-sample`;
  for (const sample of samples) select.add(new Option(sample.label, sample.path));
  select.selectedIndex = initial;
  const file = document.createElement('input');
  file.type = 'file';
  file.accept = 'image/*';
  file.id = `${idPrefix}-file`;
  const thumbnail = document.createElement('img');
  thumbnail.alt = '';
  element.append(thumbnail, select, file);

  let chosen: string | File = dataUrl(samples[initial]?.path ?? '');
  const show = (): void => {
    thumbnail.src = typeof chosen === 'string' ? chosen : URL.createObjectURL(chosen);
  };
  select.addEventListener('change', () => {
    chosen = dataUrl(select.value);
    file.value = '';
    show();
  });
  file.addEventListener('change', () => {
    const picked = file.files?.[0];
    if (picked === undefined) return;
    chosen = picked;
    show();
  });
  element.addEventListener('dragover', (event) => {
    event.preventDefault();
    element.classList.add('dragover');
  });
  element.addEventListener('dragleave', () => {
    element.classList.remove('dragover');
  });
  element.addEventListener('drop', (event) => {
    event.preventDefault();
    element.classList.remove('dragover');
    const dropped = event.dataTransfer?.files[0];
    if (dropped === undefined || !dropped.type.startsWith('image/')) return;
    chosen = dropped;
    show();
  });
  show();
  return { element, image: () => loadImage(chosen) };
}
