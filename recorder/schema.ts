import { z } from 'zod';

/** Everything the in-page recorder (recorder/page.js) reports; parsed here, once, as it leaves the page. */
const base = {
  /** The socket the event belongs to; `*` for page-wide events (online/offline). */
  tag: z.string(),
  /** When the handler ran: epoch milliseconds on the page's clock (see runner/clock-sync for Node's). */
  t: z.number(),
  /** The event's own `timeStamp` on the same clock: when the engine created it (socket events only). */
  te: z.number().optional(),
  onLine: z.boolean(),
  readyState: z.number().int().min(0).max(3).optional(),
  bufferedAmount: z.number().int().min(0).optional(),
};

/** For the page's own acts (construct, send, close()): the page clock just before the call; `t` is just after. */
const called = { t0: z.number() };

export const RecordedEvent = z.discriminatedUnion('type', [
  z.object({ ...base, ...called, type: z.literal('construct'), url: z.string() }),
  z.object({ ...base, ...called, type: z.literal('exception'), name: z.string(), message: z.string() }),
  z.object({ ...base, type: z.literal('open'), protocol: z.string() }),
  z.object({ ...base, type: z.literal('message'), data: z.string() }),
  z.object({ ...base, type: z.literal('error') }),
  z.object({ ...base, type: z.literal('close'), code: z.number().int(), reason: z.string(), wasClean: z.boolean() }),
  z.object({
    ...base,
    ...called,
    type: z.literal('send'),
    data: z.string(),
    threw: z.string().nullable(),
    before: z.object({ readyState: z.number().int(), bufferedAmount: z.number().int() }),
  }),
  z.object({ ...base, ...called, type: z.literal('close-call'), threw: z.string().nullable() }),
  z.object({ ...base, type: z.enum(['online', 'offline']) }),
  /**
   * The page's heartbeat (./heartbeat.js) gave up on ping `ping`, sent at `pingAt` (page clock), having sent `sent`;
   * `answered`: the last one answered.
   */
  z.object({ ...base, type: z.literal('heartbeat-dead'), ping: z.number().int(), sent: z.number().int(), answered: z.number().int(), pingAt: z.number() }),
]);
export type RecordedEvent = z.infer<typeof RecordedEvent>;

export const RecordedEvents = z.array(RecordedEvent);

/**
 * What the page's event-loop watch (./lag-watch.js) saw, on the page's clock: its largest lateness, each tick later
 * than stallMs as [due, fired], and when it ran.
 */
export const LagRecord = z.object({
  maxMs: z.number(),
  late: z.array(z.tuple([z.number(), z.number()])),
  from: z.number(),
  to: z.number(),
  stallMs: z.number(),
});
export type LagRecord = z.infer<typeof LagRecord>;

/** Parses what the page returned, naming the offending field when the page broke the contract. */
export function parseFromPage<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`the page returned malformed ${what}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
