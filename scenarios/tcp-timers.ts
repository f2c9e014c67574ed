import type { TcpTimers } from './schema';

/** The sysctls a scenario's lowered timers set in the browser's namespace, by full name (`net.ipv4.tcp_retries2`). */
export function timerSysctls(timers: TcpTimers): Record<string, number> {
  return {
    ...(timers.tcpRetries2 !== undefined ? { 'net.ipv4.tcp_retries2': timers.tcpRetries2 } : {}),
    ...(timers.keepalive
      ? {
          'net.ipv4.tcp_keepalive_time': timers.keepalive.timeS,
          'net.ipv4.tcp_keepalive_intvl': timers.keepalive.intvlS,
          'net.ipv4.tcp_keepalive_probes': timers.keepalive.probes,
        }
      : {}),
  };
}
