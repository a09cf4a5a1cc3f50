// Running stylize to the end in a test: every event in order, and the final `done` event.
import { stylize } from '../../src/index';
import type { DoneEvent, StylizeEvent, StylizeOptions } from '../../src/transfer/types';

/** Every event of one `stylize` run, in order (images in them still belong to the caller). */
export async function collect(options: StylizeOptions): Promise<StylizeEvent[]> {
  const events: StylizeEvent[] = [];
  for await (const event of stylize(options)) events.push(event);
  return events;
}

/** The run's last event, which must be `done`. */
export function doneOf(events: StylizeEvent[]): DoneEvent {
  const done = events.at(-1);
  if (done?.type !== 'done') throw new Error('no done event');
  return done;
}
