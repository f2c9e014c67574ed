import { z } from 'zod';

/** A reverse proxy from the distribution, between the page and the server process. */
export const ProxyName = z.enum(['nginx', 'haproxy']);
export type ProxyName = z.infer<typeof ProxyName>;
/**
 * What happens at or behind the proxy: nothing (its idle timeout ends the tunnel), nothing while the page sends
 * every `keepAliveMs` (< the timeout), a graceful reload, SIGKILL of the proxy, SIGKILL of the server behind it, or
 * every packet between proxy and server dropped while the page sends.
 */
const ProxyAct = z.enum(['idle-timeout', 'idle-timeout-kept-alive', 'reload', 'proxy-kill', 'upstream-kill', 'upstream-blackhole']);
export const ProxyFault = z
  .object({
    kind: z.literal('proxy'),
    proxy: ProxyName,
    act: ProxyAct,
    /** nginx proxy_read_timeout, HAProxy timeout tunnel. */
    idleTimeoutMs: z.number().int().positive(),
    /** idle-timeout-kept-alive: the page's send interval. */
    keepAliveMs: z.number().int().positive().optional(),
    /** reload: nginx worker_shutdown_timeout, HAProxy hard-stop-after; null = the default, none. */
    shutdownTimeoutMs: z.number().int().positive().nullable().default(null),
  })
  .refine(f => f.act !== 'idle-timeout-kept-alive' || (f.keepAliveMs !== undefined && f.keepAliveMs < f.idleTimeoutMs), {
    path: ['keepAliveMs'],
    message: 'idle-timeout-kept-alive needs keepAliveMs below idleTimeoutMs',
  });
export type ProxyFault = z.infer<typeof ProxyFault>;
