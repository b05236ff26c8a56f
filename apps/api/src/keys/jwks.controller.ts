import { Controller, Get, Header } from '@nestjs/common';
import type { JWK } from 'jose';
import { Public } from '../admin/access.decorator.js';
import { SigningKeyService } from './signing-key.service.js';

@Controller()
export class JwksController {
  constructor(private readonly keys: SigningKeyService) {}

  /** The token-signing public keys, for customer servers that can fetch them. */
  @Get('.well-known/jwks.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  jwks(): { keys: JWK[] } {
    return this.keys.jwks();
  }
}
