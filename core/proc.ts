/**
 * The one reader of kernel state in /proc and /sys: small files as text, and the fields of /proc/<pid>/stat the
 * suite decides on (is a process alive, which group is it in, is it still the process we started). Off Linux, or
 * when a process is gone, readers return null or nothing rather than throw.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** A small system file (a /proc or /sys setting, /etc/os-release) as trimmed text; null if it cannot be read. */
export function readSystemFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/** The fields of /proc/<pid>/stat the suite uses. */
export interface ProcStat {
  /** One letter: R, S, D, Z (zombie), … */
  readonly state: string;
  /** The process group. */
  readonly pgrp: number;
  /** Clock ticks since boot; with the pid it identifies one process, as pids are reused. */
  readonly startTime: string;
}

/** The stat fields of `pid`; null if there is no such process (or no /proc). */
export function readStat(pid: number): ProcStat | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may hold spaces and parentheses; the fields after its last ')' are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Field 3 is the state, field 5 the process group, field 22 the start time.
  return { state: fields[0], pgrp: Number(fields[2]), startTime: fields[19] };
}

/** Whether `pid` runs; a zombie counts as gone, as it holds nothing but its exit status. */
export function isAlive(pid: number): boolean {
  const state = readStat(pid)?.state;
  return state !== undefined && state !== 'Z';
}

/** Every pid in /proc right now (zombies included); none off Linux. */
function listPids(): number[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  return names.filter(name => /^\d+$/.test(name)).map(Number);
}

/** The live (non-zombie) processes in process group `pgid`. */
export function groupMembers(pgid: number): number[] {
  return listPids().filter(pid => {
    const stat = readStat(pid);
    return stat !== null && stat.state !== 'Z' && stat.pgrp === pgid;
  });
}
