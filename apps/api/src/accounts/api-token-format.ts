import { randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * Pipeline tokens read `tsp_` + 30 random base62 characters + a 6-character base62 CRC32 of
 * those 30. The prefix lets secret scanners find them; the checksum lets them (and us) tell a
 * real token from random text offline, before any database lookup.
 */
export const API_TOKEN_PREFIX = 'tsp_';
const RANDOM_LENGTH = 30;
const CHECKSUM_LENGTH = 6;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const TOKEN_SHAPE = /^tsp_([0-9A-Za-z]{30})([0-9A-Za-z]{6})$/;
/** Characters after the prefix that people see, to tell their tokens apart. */
export const API_TOKEN_HINT_LENGTH = 8;

function checksum(random: string): string {
  let value = crc32(Buffer.from(random, 'ascii'));
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i += 1) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

export function generateApiToken(): string {
  let random = '';
  for (let i = 0; i < RANDOM_LENGTH; i += 1) random += BASE62[randomInt(BASE62.length)];
  return API_TOKEN_PREFIX + random + checksum(random);
}

/** True when the text has the token's shape and its checksum matches. */
export function isWellFormedApiToken(text: string): boolean {
  const match = TOKEN_SHAPE.exec(text);
  return match !== null && checksum(match[1] ?? '') === match[2];
}

export function apiTokenHint(token: string): string {
  return token.slice(API_TOKEN_PREFIX.length, API_TOKEN_PREFIX.length + API_TOKEN_HINT_LENGTH);
}
