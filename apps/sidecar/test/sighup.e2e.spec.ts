import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { nginxCheckHeaders, Site, Vendor } from './bundle-site.js';
import { stopProcess } from './processes.js';
import { Fixture } from './support.js';

const PATH = '/api/records';
const MAIN = join(__dirname, '..', 'src', 'main.ts');
const REGISTER_TS = join(__dirname, 'support', 'register-ts.js');

/** `main.ts` as its own process, as operators run it; its log lines as they come. */
class SidecarProcess {
  readonly lines: Record<string, unknown>[] = [];
  readonly child: ChildProcess;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ['--import', REGISTER_TS, MAIN], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    const collect = (chunk: Buffer) => {
      pending += chunk.toString();
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      for (const line of complete) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    };
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
  }

  /** The first line logged from `from` on whose event starts with `event`; fails after 10 s. */
  async line(event: string, from = 0): Promise<Record<string, unknown>> {
    for (let waited = 0; waited < 10_000; waited += 25) {
      const found = this.lines.slice(from).find((entry) => String(entry.event).startsWith(event));
      if (found !== undefined) return found;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`no ${event} line; logged: ${JSON.stringify(this.lines)}`);
  }

  /** Sends SIGHUP and resolves with the reload's log line (bundle loaded or refused). */
  hangUp(): Promise<Record<string, unknown>> {
    const from = this.lines.length;
    this.child.kill('SIGHUP');
    return this.line('trust_bundle_', from);
  }
}

describe('the sidecar process with a trust bundle file', () => {
  const vendor = new Vendor();
  const fixture = new Fixture();
  let site: Site;
  let sidecar: SidecarProcess | undefined;

  beforeEach(() => {
    site = new Site(vendor);
  });
  afterEach(async () => {
    await stopProcess(sidecar?.child);
    site.remove();
  });

  async function status(url: string, key = vendor.keyA): Promise<number> {
    const headers = await nginxCheckHeaders(fixture, key, PATH);
    return (await fetch(`${url}/nginx`, { headers })).status;
  }

  it('takes a new bundle on SIGHUP, then refuses a rolled-back one and keeps serving', async () => {
    site.put(vendor.bundle(1, [vendor.keyA]));
    sidecar = new SidecarProcess(site.env());
    const url = String((await sidecar.line('sidecar_started')).url);
    expect(await status(url, vendor.keyB)).toBe(401);

    site.put(vendor.bundle(2, [vendor.keyA, vendor.keyB]));
    expect(await sidecar.hangUp()).toMatchObject({
      event: 'trust_bundle_loaded',
      bundleVersion: 2,
    });
    expect(await status(url, vendor.keyB)).toBe(200);

    site.put(vendor.bundle(1, [vendor.keyA]));
    expect(await sidecar.hangUp()).toMatchObject({
      event: 'trust_bundle_refused',
      code: 'BUNDLE_VERSION_ROLLBACK',
      keptVersion: 2,
    });
    expect(await status(url, vendor.keyB)).toBe(200);
    expect(site.highestVersion()).toBe(2);
    expect(sidecar.child.exitCode).toBeNull();
  });

  it('does not start on an expired bundle, and its last line names the code', async () => {
    site.put(vendor.bundle(1, [vendor.keyA], -0.5));
    sidecar = new SidecarProcess(site.env());
    const exited = new Promise<number | null>((resolve) => sidecar?.child.once('exit', resolve));

    expect(await exited).toBe(1);
    expect(sidecar.lines.at(-1)).toMatchObject({
      level: 'fatal',
      event: 'sidecar_start_failed',
      code: 'BUNDLE_EXPIRED',
    });
  });
});
