import {
  API_TOKEN_PREFIX,
  apiTokenHint,
  generateApiToken,
  isWellFormedApiToken,
} from './api-token-format.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

describe('API token format', () => {
  it('makes distinct tsp_ tokens whose checksum holds', () => {
    const tokens = Array.from({ length: 200 }, generateApiToken);
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) {
      expect(token).toMatch(/^tsp_[0-9A-Za-z]{36}$/);
      expect(isWellFormedApiToken(token)).toBe(true);
    }
  });

  it('refuses every single-character change', () => {
    const token = generateApiToken();
    for (let at = API_TOKEN_PREFIX.length; at < token.length; at += 1) {
      const current = token[at] ?? '';
      const other = BASE62[(BASE62.indexOf(current) + 1) % BASE62.length] ?? '';
      const changed = token.slice(0, at) + other + token.slice(at + 1);
      expect(isWellFormedApiToken(changed)).toBe(false);
    }
  });

  it('refuses other prefixes, lengths and alphabets', () => {
    const token = generateApiToken();
    expect(isWellFormedApiToken(token.replace('tsp_', 'tsa_'))).toBe(false);
    expect(isWellFormedApiToken(token.slice(0, -1))).toBe(false);
    expect(isWellFormedApiToken(`${token}0`)).toBe(false);
    expect(isWellFormedApiToken(token.replace(/.$/, '-'))).toBe(false);
    expect(isWellFormedApiToken('')).toBe(false);
  });

  it('shows eight characters after the prefix as the hint', () => {
    const token = generateApiToken();
    expect(apiTokenHint(token)).toBe(token.slice(4, 12));
  });
});
