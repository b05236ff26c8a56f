import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { TESSERA_HEADER_NAMES } from '../src/index.js';

/** The proxy configuration the README gives is the one a site copies: it must be complete. */
describe('apps/sidecar/README.md', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const nginxBlock = /```nginx\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

  it('sets every Tessera header in its nginx configuration, so no client value gets through', () => {
    const set = [...nginxBlock.matchAll(/^\s*proxy_set_header (X-Tessera-[A-Za-z-]+) /gm)].map(
      (match) => match[1],
    );

    expect([...set].sort()).toEqual([...TESSERA_HEADER_NAMES].sort());
  });

  it('captures each fact it sets from the sidecar answer', () => {
    for (const name of TESSERA_HEADER_NAMES) {
      const upstream = `$upstream_http_${name.toLowerCase().replaceAll('-', '_')}`;
      expect(nginxBlock).toContain(upstream);
    }
  });

  it('tells Traefik to replace every X-Tessera- header', () => {
    expect(readme).toContain('authResponseHeadersRegex: ^X-Tessera-');
  });
});
