import type { Fault } from '../scenarios/schema';
import type { TrialObservation } from './schema';

/** What the standard requires of a scenario's outcome, where it is explicit, with the sentence that says so. */
export interface StandardExpectation {
  closeCode?: number;
  closeReason?: string;
  wasClean?: boolean;
  /** What close() must throw (the exception's name), or null: it must not throw. */
  closeThrows?: string | null;
  serverSaw?: string;
  sentence: string;
}

const FAIL = 'RFC 6455 §7.1.5: if no Close frame was received, the close code is 1006; WHATWG: a failed connection is not clean';
const SEVEN =
  'WHATWG WebSockets: "User agents must not convey any failure information to scripts in a way that would allow a script to distinguish the following situations … In all of these cases, the WebSocket connection close code would be 1006"';
const VALID_CLOSE = 'RFC 6455 §7.1.5–7.1.6: the close code and reason are those of the first Close frame received; a completed closing handshake is clean';
const CONTROL_125 = 'RFC 6455 §5.5: "All control frames MUST have a payload length of 125 bytes or less" — the client must fail the connection';
const UTF8 = 'RFC 6455 §8.1: an endpoint that finds a byte stream is not valid UTF-8 "MUST _Fail the WebSocket Connection_"';
const CLOSE_CODE =
  'WHATWG close(): "If code is present, but is neither an integer equal to 1000 nor an integer in the range 3000 to 4999, inclusive, throw an InvalidAccessError"';
const CLOSE_REASON = 'WHATWG close(): "If reasonBytes is longer than 123 bytes, then throw a SyntaxError"';
const UNLOAD = 'WHATWG WebSockets, when a document goes away: "start the WebSocket closing handshake, with the status code … being 1001"';

const validWireCodes = new Set([1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014]);

/** The standard's expectation for a fault, or null where the standard leaves the outcome open. */
export function standardExpectation(fault: Fault): StandardExpectation | null {
  switch (fault.kind) {
    case 'server-close':
      return { closeCode: fault.code ?? 1005, closeReason: fault.reason ?? '', wasClean: true, sentence: VALID_CLOSE };
    case 'server-fin':
    case 'server-rst':
      return { closeCode: 1006, wasClean: false, sentence: FAIL };
    case 'handshake-fail':
      return { closeCode: 1006, closeReason: '', wasClean: false, sentence: SEVEN };
    case 'wire-close': {
      const payload = (fault.code === null ? 0 : 2) + Buffer.byteLength(fault.reason) + (fault.invalidUtf8 ? 1 : 0);
      if (payload > 125) return { closeCode: 1006, wasClean: false, sentence: CONTROL_125 };
      if (fault.invalidUtf8) return { closeCode: 1006, wasClean: false, sentence: UTF8 };
      if (fault.code === null) return { closeCode: 1005, closeReason: '', wasClean: true, sentence: VALID_CLOSE };
      if (validWireCodes.has(fault.code) || (fault.code >= 3000 && fault.code <= 4999))
        return { closeCode: fault.code, closeReason: fault.reason, wasClean: true, sentence: VALID_CLOSE };
      // Reserved or undefined codes: RFC 6455 §7.4 forbids sending them but leaves the receiver's reaction open.
      return null;
    }
    case 'client-close': {
      const badCode = fault.code !== undefined && fault.code !== 1000 && !(fault.code >= 3000 && fault.code <= 4999);
      if (badCode) return { closeThrows: 'InvalidAccessError', sentence: CLOSE_CODE };
      // USVString conversion turns a lone surrogate into U+FFFD (3 bytes) before the length is checked.
      const reason = (fault.reason ?? '').toWellFormed();
      if (Buffer.byteLength(reason) > 123) return { closeThrows: 'SyntaxError', sentence: CLOSE_REASON };
      return {
        closeThrows: null,
        closeCode: fault.code ?? 1005,
        closeReason: reason,
        wasClean: true,
        sentence: `${CLOSE_CODE}; ${VALID_CLOSE}`,
      };
    }
    case 'page-gone':
      return { serverSaw: 'close-frame 1001', sentence: UNLOAD };
    case 'network-cut':
      return null;
    case 'server-process':
      // A graceful server's 1001 is a valid close frame; a killed one's TCP end is "the connection is closed" abnormally.
      if (fault.act === 'term-graceful') return { closeCode: 1001, wasClean: true, sentence: VALID_CLOSE };
      if (fault.act === 'kill' || fault.act === 'kill-unread' || fault.act === 'term-bare') return { closeCode: 1006, wasClean: false, sentence: FAIL };
      return null;
    case 'proxy':
    case 'heartbeat':
      return null;
  }
}

/** How one run departs from the standard: one phrase per field that differs (empty when it conforms). */
export function departures(expected: StandardExpectation, run: TrialObservation): string[] {
  const out: string[] = [];
  if (expected.closeCode !== undefined && run.closeCode !== expected.closeCode) out.push(`close code ${run.closeCode ?? 'none'}, not ${expected.closeCode}`);
  if (expected.closeReason !== undefined && run.closeReason !== null && run.closeReason !== expected.closeReason) out.push(`reason ${JSON.stringify(run.closeReason)}`);
  if (expected.wasClean !== undefined && run.wasClean !== null && run.wasClean !== expected.wasClean) out.push(`wasClean=${run.wasClean}`);
  if (expected.closeThrows !== undefined) {
    const threw = /^close\(\)threw:(.*)$/.exec(run.events.find(e => e.startsWith('close()')) ?? '')?.[1] ?? null;
    if (threw !== expected.closeThrows) out.push(threw ? `close() threw ${threw}` : `close() did not throw ${expected.closeThrows}`);
  }
  if (expected.serverSaw !== undefined && !run.serverSaw.startsWith(expected.serverSaw)) out.push(`the server saw ${run.serverSaw}`);
  return out;
}
