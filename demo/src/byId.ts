/**
 * The element with `id`, checked to be a `type`.
 *
 * @param id - The element's id.
 * @param type - Its expected class, e.g. `HTMLCanvasElement`.
 * @returns The element.
 * @throws Error naming the id when it is missing or of another kind (a mismatch between index.html and the code).
 */
export function byId<T extends Element>(id: string, type: abstract new (...args: never[]) => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`#${id} is missing or not a ${type.name}`);
  return element;
}
