/**
 * The sidecar's throughput and CPU cost per check, against the raw signature checks on the
 * same run.
 *
 * Run:  npx tsc -p bench/tsconfig.json && node dist/bench/bench/sidecar.bench.js
 *
 * The sidecar runs in a child process (its own core, in-memory replay store, default verified-
 * token cache), this process is the load generator: keep-alive loopback connections, a fixed
 * number of requests in flight, every request with a fresh proof made before timing starts.
 * After a warm-up, rounds report requests per second and the sidecar's CPU time per request
 * (utime + stime from /proc). Raw Ed25519 and P-256 verifies (node:crypto, synchronous,
 * KeyObjects) are timed here before and after the load. Bounded: loopback only, fixed counts.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';

import { loadSidecarConfig, startSidecar } from '../apps/sidecar/src/index.js';
import {
  accessTokenHash,
  generateSigningKey,
  issueAttestationToken,
  publicJwks,
} from '../libs/tokens/src/index.js';

const ORIGIN = 'https://api.plant7.example';
const PATH = '/api/records';
const WARMUP_REQUESTS = 30_000;
const ROUND_REQUESTS = 15_000;
const ROUNDS = 3;
const IN_FLIGHT = 32;
const RAW_OPS = 4_000;
const CLOCK_TICKS_PER_SECOND = 100;

if (process.argv[2] === 'serve') {
  const sidecar = await startSidecar(loadSidecarConfig(process.env), { log: () => undefined });
  process.send?.({ url: sidecar.url });
} else {
  await main();
}

async function main(): Promise<void> {
  const vendor = generateSigningKey();
  const device = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const deviceJwk = device.publicKey.export({ format: 'jwk' });
  const token = await issueAttestationToken({
    signingKey: vendor,
    issuer: 'https://tessera.vendor.example',
    installationId: 'inst-42',
    audience: ['plant-7'],
    app: { id: 'app-field', platform: 'android', packageName: 'com.vendor.field', version: '3.1' },
    confirmationJwk: deviceJwk,
    lifetimeSeconds: 3600,
    now: new Date(),
  });
  const total = WARMUP_REQUESTS + ROUNDS * ROUND_REQUESTS;
  process.stdout.write(`making ${total} proofs...\n`);
  const proofs = makeProofs(device.privateKey, deviceJwk, token, total);

  const child = fork(fileURLToPath(import.meta.url), ['serve'], {
    env: {
      ...process.env,
      TESSERA_ISSUER: 'https://tessera.vendor.example',
      TESSERA_DEPLOYMENT: 'plant-7',
      TESSERA_PUBLIC_ORIGIN: ORIGIN,
      TESSERA_JWKS: JSON.stringify(publicJwks([vendor])),
      PORT: '0',
    },
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.once('message', (message) => resolve((message as { url: string }).url));
      child.once('exit', (code) => reject(new Error(`sidecar exited with ${code}`)));
    });
    const raw = [rawVerifies(vendor.privateKey, device.privateKey)];
    await load(url, token, proofs.splice(0, WARMUP_REQUESTS));
    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      rounds.push(await measured(child, url, token, proofs.splice(0, ROUND_REQUESTS)));
    }
    raw.push(rawVerifies(vendor.privateKey, device.privateKey));
    report(rounds, raw);
  } finally {
    child.kill('SIGTERM');
  }
}

/** DPoP proofs with unique jti, signed synchronously (the same bytes createDpopProof makes). */
function makeProofs(key: KeyObject, jwk: object, token: string, count: number): string[] {
  const header = Buffer.from(JSON.stringify({ typ: 'dpop+jwt', alg: 'ES256', jwk })).toString(
    'base64url',
  );
  const ath = accessTokenHash(token);
  const iat = Math.floor(Date.now() / 1000) + 30; // still fresh at the end of a long run
  const proofs: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const payload = Buffer.from(
      JSON.stringify({ jti: `bench-${i}`, htm: 'GET', htu: `${ORIGIN}${PATH}`, iat, ath }),
    ).toString('base64url');
    const input = `${header}.${payload}`;
    const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
    proofs.push(`${input}.${signature.toString('base64url')}`);
  }
  return proofs;
}

interface Round {
  readonly perSecond: number;
  readonly cpuMicrosPerRequest: number;
}

async function measured(child: ChildProcess, url: string, token: string, proofs: string[]) {
  const cpuBefore = cpuTicks(child);
  const started = process.hrtime.bigint();
  await load(url, token, proofs);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuSeconds = (cpuTicks(child) - cpuBefore) / CLOCK_TICKS_PER_SECOND;
  return {
    perSecond: proofs.length / seconds,
    cpuMicrosPerRequest: (cpuSeconds * 1e6) / proofs.length,
  };
}

/** Sends every proof once, IN_FLIGHT at a time; any answer but 200 aborts the benchmark. */
async function load(url: string, token: string, proofs: readonly string[]): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  let next = 0;
  const worker = async () => {
    while (next < proofs.length) {
      const proof = proofs[next++] as string;
      const status = await check(agent, url, token, proof);
      if (status !== 200) throw new Error(`sidecar answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  agent.destroy();
}

function check(agent: Agent, url: string, token: string, proof: string) {
  return new Promise<number | undefined>((resolve, reject) => {
    const req = request(`${url}/nginx`, {
      agent,
      headers: {
        'x-original-method': 'GET',
        'x-original-uri': PATH,
        authorization: `DPoP ${token}`,
        dpop: proof,
      },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end();
  });
}

function cpuTicks(child: ChildProcess): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
}

interface Raw {
  readonly ed25519Micros: number;
  readonly p256Micros: number;
}

function rawVerifies(vendorKey: KeyObject, deviceKey: KeyObject): Raw {
  const message = Buffer.alloc(300, 7);
  const time = (key: KeyObject, algorithm: string | null, options: object) => {
    const publicKey = createPublicKey(key);
    const signature = sign(algorithm, message, { key, ...options });
    const started = process.hrtime.bigint();
    for (let i = 0; i < RAW_OPS; i += 1) {
      verify(algorithm, message, { key: publicKey, ...options }, signature);
    }
    return Number(process.hrtime.bigint() - started) / 1e3 / RAW_OPS;
  };
  return {
    ed25519Micros: time(vendorKey, null, {}),
    p256Micros: time(deviceKey, 'sha256', { dsaEncoding: 'ieee-p1363' }),
  };
}

function report(rounds: readonly Round[], raw: readonly Raw[]): void {
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const perSecond = median(rounds.map((r) => r.perSecond));
  const cpu = median(rounds.map((r) => r.cpuMicrosPerRequest));
  const ed = median(raw.map((r) => r.ed25519Micros));
  const p256 = median(raw.map((r) => r.p256Micros));
  const lines = [
    `sidecar /nginx check, ${IN_FLIGHT} in flight, token cached, fresh proof each`,
    `  requests per second            ${perSecond.toFixed(0)}`,
    `  sidecar CPU per request        ${cpu.toFixed(1)} µs`,
    `raw node:crypto on this run`,
    `  Ed25519 verify                 ${ed.toFixed(1)} µs`,
    `  P-256 verify                   ${p256.toFixed(1)} µs`,
    `ratios`,
    `  raw P-256 / sidecar CPU        ${(p256 / cpu).toFixed(2)} (the floor with a cached token)`,
    `  raw Ed25519 + P-256 / CPU      ${((ed + p256) / cpu).toFixed(2)}`,
    `  rounds: ${rounds.map((r) => `${r.perSecond.toFixed(0)}/s ${r.cpuMicrosPerRequest.toFixed(0)}µs`).join(', ')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
