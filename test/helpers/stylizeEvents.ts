// Running stylize to the end in a test: every event in order, the iterations, and the final `done` event.
import { stylize } from '../../src/index';
import type { DoneEvent, IterationEvent, StylizeEvent, StylizeOptions } from '../../src/transfer/types';

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

/** One run's iteration events, in order, and its `done` event (its image belongs to the caller). */
export async function runStylize(options: StylizeOptions): Promise<{ iterations: IterationEvent[]; done: DoneEvent }> {
  const events = await collect(options);
  return { iterations: events.filter((e): e is IterationEvent => e.type === 'iteration'), done: doneOf(events) };
}
