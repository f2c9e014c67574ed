import os from 'node:os';
import type { z } from 'zod';
import { readSystemFile } from '../core/proc';
import type { Profile } from '../scenarios/profile';
import type { Environment } from './schema';

function read(file: string): string {
  return readSystemFile(file) ?? 'unreadable';
}

// The kernel settings that decide how long a dead TCP path takes to be noticed.
const tcpSettings = ['tcp_retries2', 'tcp_syn_retries', 'tcp_keepalive_time', 'tcp_keepalive_intvl', 'tcp_keepalive_probes'];

/** The machine a run happened on, as the findings state it. */
export function describeEnvironment(profile: Profile): z.infer<typeof Environment> {
  const prettyName = /PRETTY_NAME="?([^"\n]*)/.exec(read('/etc/os-release'))?.[1];
  return {
    os: prettyName ?? `${os.type()} ${os.release()}`,
    kernel: os.release(),
    node: process.version,
    playwright: (require('@playwright/test/package.json') as { version: string }).version,
    profile,
    tcp: Object.fromEntries(tcpSettings.map(k => [k, read(`/proc/sys/net/ipv4/${k}`)])),
  };
}
