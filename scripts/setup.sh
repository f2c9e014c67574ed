#!/usr/bin/env bash
# Brings a fresh Debian/Ubuntu machine to where the suite runs: npm packages, browsers (Playwright's own where
# they can be downloaded, else the distribution's), Xvfb and nftables. Quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  # sudo resets PATH, which would lose a node/npx installed outside the system paths (nvm, setup-node).
  elif command -v sudo >/dev/null; then sudo env "PATH=$PATH" "$@"
  else echo "setup: need root or sudo to run: $*  (or install it yourself)" >&2; return 1
  fi
}

# Again when the lock changed since the last install (a pull that added a tool), not only on a fresh clone.
if [ ! -x node_modules/.bin/playwright ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

apt_updated=
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} = 0 ] && return 0
  [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }
  echo "setup: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Tools the faults (nft, ip), the reverse proxies in front of the server process (nginx-light, haproxy), the wire
# capture of its FIN or RST (tcpdump), the quiet lock of millisecond measurements (flock) and the unprivileged-run check
# (setpriv; both util-linux), the TLS case (openssl) and the WebKitGTK driver (Xvfb) use.
apt_install nftables iproute2 xvfb openssl util-linux nginx-light haproxy tcpdump

# Playwright's own browsers first; where the download fails (no access to its CDN), the distribution's.
declare -A fallback=([chromium]=chromium [firefox]=firefox-esr [webkit]="webkit2gtk-driver")
for engine in chromium firefox webkit; do
  if [ "${WSLAB_BROWSER_SOURCE:-}" != distribution ] && npx playwright install "$engine" >/dev/null 2>&1; then
    echo "setup: $engine: Playwright's own build"
    as_root npx playwright install-deps "$engine" >/dev/null 2>&1 || echo "setup: $engine: could not install its system dependencies (npx playwright install-deps $engine)" >&2
  else
    # shellcheck disable=SC2086
    apt_install ${fallback[$engine]}
    echo "setup: $engine: the distribution's package (${fallback[$engine]})"
  fi
done
