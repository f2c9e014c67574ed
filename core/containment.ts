/**
 * How the suite marks what it leaves in the system, so that a later run can tell a killed run's leftovers from a
 * concurrent run's live state: every nft table, network namespace and temp dir is named after its owner's pid,
 * and every helper process is recorded with its owner. ./sweep removes what a dead owner left.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStat } from './proc';

/**
 * Prefix of every nft table, network namespace and temp dir the suite creates. The owner's pid follows it,
 * optionally after `_` or `-`, and is ended by a non-digit or the end of the name:
 * `wslab_1234`, `wslab1234a`, `wslab-1234-srv`, `wslab1234-launch-AbC123`.
 */
export const labPrefix = 'wslab';

const ownedName = new RegExp(`^${labPrefix}[_-]?(\\d+)`);
const ownedTempDir = new RegExp(`^${labPrefix}(\\d+)-[a-z]+-`);
const stateDir = join(tmpdir(), `${labPrefix}-state`);

/** The pid a lab name says owns it (`wslab_1234` → 1234); null for a name that is not the suite's. */
export function ownerOf(name: string): number | null {
  const match = ownedName.exec(name);
  return match ? Number(match[1]) : null;
}

/** What a child record holds; `startTime` guards against killing an unrelated process that reused the pid. */
export interface ChildRecord {
  ownerPid: number;
  pid: number;
  startTime: string | null;
  what: string;
}

/**
 * Records `pid` as a helper process of this Node process, so that if this process is SIGKILLed, the next run's
 * sweep (./sweep) kills the helper's process group. `what` names it in the sweep's report. Returns the function
 * that unregisters it once the helper has been stopped.
 */
export function registerChild(pid: number, what: string): () => void {
  mkdirSync(stateDir, { recursive: true });
  const file = join(stateDir, `${process.pid}-${pid}.json`);
  const record: ChildRecord = { ownerPid: process.pid, pid, startTime: readStat(pid)?.startTime ?? null, what };
  writeFileSync(file, JSON.stringify(record));
  return () => rmSync(file, { force: true });
}

/** Every child record on file (of any owner), each with the function that deletes it. */
export function childRecords(): { record: ChildRecord; remove: () => void }[] {
  let files: string[];
  try {
    files = readdirSync(stateDir).filter(file => file.endsWith('.json'));
  } catch {
    return []; // No state directory: nothing was ever registered.
  }
  const records: { record: ChildRecord; remove: () => void }[] = [];
  for (const file of files) {
    const path = join(stateDir, file);
    try {
      records.push({ record: JSON.parse(readFileSync(path, 'utf8')) as ChildRecord, remove: () => rmSync(path, { force: true }) });
    } catch {
      // Unregistered meanwhile, or still being written by its (live) owner.
    }
  }
  return records;
}

/**
 * Makes a temp dir `wslab<pid>-<kind>-XXXXXX` for files of this process (e.g. a browser launch's wrapper); the
 * caller removes it, and if this process is SIGKILLed the next run's sweep does.
 */
export function makeLabTempDir(kind: string): string {
  if (!/^[a-z]+$/.test(kind)) throw new Error(`A lab temp dir's kind must be lowercase letters, not ${JSON.stringify(kind)}.`);
  return mkdtempSync(join(tmpdir(), `${labPrefix}${process.pid}-${kind}-`));
}

/** The lab temp dirs there are, each with the pid that owns it. */
export function labTempDirs(): { path: string; owner: number }[] {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return [];
  }
  return names.flatMap(name => {
    const owner = ownedTempDir.exec(name)?.[1];
    return owner === undefined ? [] : [{ path: join(tmpdir(), name), owner: Number(owner) }];
  });
}
