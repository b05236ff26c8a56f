import 'reflect-metadata';

import { Controller, Get, Module, UseGuards, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';

import type { VerifiedCaller } from '../src/index.js';
import {
  TESSERA_GUARD_OPTIONS,
  TESSERA_VERIFIER,
  TesseraCaller,
  TesseraGuard,
} from '../src/nest.js';
import { Scenario } from './harness.js';

const ORIGIN = 'https://api.plant7.example';

@Controller('api/records')
@UseGuards(TesseraGuard)
class RecordsController {
  @Get()
  list(@TesseraCaller() caller: VerifiedCaller | undefined): object {
    return { installation: caller?.installationId, platform: caller?.app.platform };
  }
}

async function nestAppFor(s: Scenario): Promise<INestApplication> {
  @Module({
    controllers: [RecordsController],
    providers: [
      { provide: TESSERA_VERIFIER, useValue: s.verifier },
      { provide: TESSERA_GUARD_OPTIONS, useValue: { publicOrigin: ORIGIN } },
      TesseraGuard,
    ],
  })
  class AppModule {}

  const app = await NestFactory.create(AppModule, { logger: false });
  await app.init();
  return app;
}

describe('TesseraGuard', () => {
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('admits a verified request and hands the caller to the handler', async () => {
    const s = new Scenario();
    app = await nestAppFor(s);
    const token = await s.token();
    const proof = await s.proof(token, { url: `${ORIGIN}/api/records` });

    const response = await request(app.getHttpServer() as never)
      .get('/api/records')
      .set('Authorization', `DPoP ${token}`)
      .set('DPoP', proof);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ installation: 'inst-42', platform: 'ios' });
  });

  it('refuses a copied token with a proof from another key: 401 with code and challenge', async () => {
    const s = new Scenario();
    app = await nestAppFor(s);
    const thief = new Scenario();
    const token = await s.token();
    const proof = await thief.proof(token, { url: `${ORIGIN}/api/records` });

    const response = await request(app.getHttpServer() as never)
      .get('/api/records')
      .set('Authorization', `DPoP ${token}`)
      .set('DPoP', proof);

    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: 'PROOF_KEY_MISMATCH', message: expect.any(String) });
    expect(response.headers['www-authenticate']).toMatch(/^DPoP error="invalid_dpop_proof"/);
  });

  it('refuses a request without a token', async () => {
    app = await nestAppFor(new Scenario());

    const response = await request(app.getHttpServer() as never).get('/api/records');

    expect(response.status).toBe(401);
    expect(response.body.error).toBe('TOKEN_MISSING');
    expect(response.headers['www-authenticate']).toBe('DPoP algs="ES256 EdDSA"');
  });
});
