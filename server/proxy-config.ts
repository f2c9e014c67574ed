/** The reverse proxies the lab runs (scenarios/schema's ProxyName names the same two). */
export type ProxyName = 'nginx' | 'haproxy';


/** What a generated proxy config says: where it listens, where it forwards, and its timers. */
export interface ProxySettings {
  dir: string;
  port: number;
  upstreamPort: number;
  /** nginx proxy_read_timeout, HAProxy timeout tunnel. */
  idleTimeoutMs: number;
  /** nginx worker_shutdown_timeout, HAProxy hard-stop-after; null leaves the directive out (no deadline). */
  shutdownTimeoutMs: number | null;
}

/**
 * nginx as the WebSocket guide has it (https://nginx.org/en/docs/http/websocket.html): HTTP/1.1 upstream, Upgrade
 * and Connection passed on. Every path it writes is in the lab temp dir, so nothing lands in /var.
 */
function nginxConfig(s: ProxySettings): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(t => `  ${t}_temp_path ${s.dir}/${t};`).join('\n');
  return `worker_processes 1;
pid ${s.dir}/nginx.pid;
error_log ${s.dir}/error.log info;
${s.shutdownTimeoutMs === null ? '' : `worker_shutdown_timeout ${s.shutdownTimeoutMs}ms;`}
events { worker_connections 64; }
http {
  access_log off;
${temp}
  server {
    listen 127.0.0.1:${s.port};
    location / {
      proxy_pass http://127.0.0.1:${s.upstreamPort};
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_read_timeout ${s.idleTimeoutMs}ms;
    }
  }
}
`;
}

/** HAProxy in HTTP mode; a WebSocket upgrade turns the stream into a tunnel, timed by `timeout tunnel`. */
function haproxyConfig(s: ProxySettings): string {
  return `global
  ${s.shutdownTimeoutMs === null ? '' : `hard-stop-after ${s.shutdownTimeoutMs}ms`}
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  timeout tunnel ${s.idleTimeoutMs}ms
frontend wslab_front
  bind 127.0.0.1:${s.port}
  default_backend wslab_back
backend wslab_back
  server upstream 127.0.0.1:${s.upstreamPort}
`;
}

/** The config file's text for `name`. */
export function proxyConfig(name: ProxyName, settings: ProxySettings): string {
  return name === 'nginx' ? nginxConfig(settings) : haproxyConfig(settings);
}

/** The argument array that runs `name` in the foreground on its generated config `file`. */
export function proxyArgs(name: ProxyName, dir: string, file: string): string[] {
  // nginx: -e before the config is read, so not even the start-up log goes to /var/log. HAProxy: -W master-worker,
  // whose master reloads on SIGUSR2; -db keeps it in the foreground.
  return name === 'nginx' ? ['-p', dir, '-e', `${dir}/error.log`, '-c', file, '-g', 'daemon off;'] : ['-W', '-db', '-f', file];
}

/** The Debian package each proxy comes in, for the skip message and the version stated in the findings. */
export const proxyPackage: Record<ProxyName, string> = { nginx: 'nginx-light', haproxy: 'haproxy' };
