import { expect, test } from '../../fixtures/harness';
import { spawnSync } from 'node:child_process';
import { distribution, chooseBrowser } from '../../drivers/resolve';
import { readProfile } from '../../scenarios/profile';
import { defineScenario } from '../../scenarios/schema';

// Bad input and missing pieces each give one actionable line, never a crash or a silent pass.

test('a malformed scenario is rejected with a message naming the field', () => {
  expect(() => defineScenario({ id: 'server-close:x', fault: { kind: 'server-close', code: 'x' as unknown as number }, windowMs: 1, trials: 1, quiet: false })).toThrow(/fault\.code/);
  expect(() => defineScenario({ id: 'server-close:1000', fault: { kind: 'server-close' }, windowMs: -5, trials: 1, quiet: false })).toThrow(/windowMs/);
  expect(() => defineScenario({ id: 'Bad Id', fault: { kind: 'server-fin' }, windowMs: 1, trials: 1, quiet: false })).toThrow(/id/);
  expect(() => defineScenario({ id: 'network-cut:blackhole:new-socket', fault: { kind: 'network-cut', method: 'blackhole', traffic: 'new-socket' }, windowMs: 1, trials: 1, quiet: false })).toThrow(/traffic/);
});

test('a malformed proxy or server-process scenario is rejected with a message naming the field', () => {
  const scenario = (fault: object) => () => defineScenario({ id: 'lab:server-side', fault: fault as never, windowMs: 1, trials: 1, quiet: false });
  const proxy = { kind: 'proxy', proxy: 'nginx', act: 'idle-timeout', idleTimeoutMs: 3_000 };
  expect(scenario({ ...proxy, proxy: 'traefik' })).toThrow(/fault\.proxy/);
  expect(scenario({ ...proxy, act: 'restart' })).toThrow(/fault\.act/);
  expect(scenario({ ...proxy, idleTimeoutMs: -3_000 })).toThrow(/fault\.idleTimeoutMs/);
  expect(scenario({ ...proxy, act: 'reload', shutdownTimeoutMs: 0 })).toThrow(/fault\.shutdownTimeoutMs/);
  expect(scenario({ ...proxy, act: 'idle-timeout-kept-alive', keepAliveMs: 3_000 })).toThrow(/fault\.keepAliveMs/);
  // A signal the suite does not send is an act it does not know.
  expect(scenario({ kind: 'server-process', act: 'sighup' })).toThrow(/fault\.act/);
  expect(scenario({ kind: 'server-process', act: 'freeze' })).toThrow(/fault\.downMs/);
  expect(scenario({ kind: 'server-process', act: 'restart', downMs: 1_000, retryMs: -1 })).toThrow(/fault\.retryMs/);
  expect(scenario({ kind: 'server-process', act: 'kill', traffic: 'sending' })).toThrow(/fault\.traffic/);
});

test('an unknown PROFILE is reported in one line and the run goes on with quick', () => {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (line: string) => warnings.push(line);
  try {
    expect(readProfile({ PROFILE: 'ful' })).toBe('quick');
  } finally {
    console.warn = warn;
  }
  expect(warnings).toEqual([expect.stringMatching(/PROFILE=ful is not a profile.*PROFILE=full/)]);
});

test('a missing browser becomes a reason that says how to install it', () => {
  const choice = chooseBrowser('firefox', { preferPlaywright: false, fallback: { ...distribution.firefox, executable: '/nonexistent/firefox-esr' } });
  expect(choice).toEqual({ engine: 'firefox', missing: expect.stringMatching(/\/nonexistent\/firefox-esr missing.*npx playwright install firefox.*apt-get install firefox-esr/) });
});

test('a missing Xvfb makes WebKitGTK a reason that says how to install it', () => {
  const choice = chooseBrowser('webkit', { preferPlaywright: false, fallback: { ...distribution.webkit, needs: ['/nonexistent/Xvfb'] } });
  expect(choice).toEqual({ engine: 'webkit', missing: expect.stringMatching(/\/nonexistent\/Xvfb missing.*apt-get install webkit2gtk-driver xvfb/) });
});

test('an unknown browser project is named with the ones there are', () => {
  const run = spawnSync('npx', ['playwright', 'test', '--project', 'safari', '--list'], { encoding: 'utf8' });
  expect(run.status).not.toBe(0);
  expect(run.stdout + run.stderr).toMatch(/Project\(s\) "safari" not found\. Available projects: "lab", "chromium", "firefox", "webkit"/);
});

test('without CAP_NET_ADMIN, packet-level faults give the reason and how to fix it', () => {
  test.skip(process.getuid?.() !== 0, 'needs root to drop to an unprivileged user');
  const run = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--inh-caps=-all', process.execPath, 'node_modules/@playwright/test/cli.js', 'test', '--config', 'specs/lab/unprivileged/playwright.config.ts'], {
    encoding: 'utf8',
    env: { ...process.env, HOME: '/tmp' },
  });
  expect(run.stdout + run.stderr).toMatch(/REASON: Packet-level faults are unavailable: .*run the suite as root/);
});
