import { type Child, facts, h } from '../dom.mjs';
import type { App } from '../types.mjs';

/** An app's declared and approved identity. */
export function appFacts(app: App): HTMLElement {
  const pairs: [string, Child][] = [['Platform', app.platform]];
  if (app.android !== undefined) {
    pairs.push(['Package', h('code', {}, app.android.packageName)]);
    pairs.push(['Approved signing certificates', digests(app.android.signingCertificateDigests)]);
    if (app.android.minVersionCode !== undefined) {
      pairs.push(['Minimum versionCode', app.android.minVersionCode]);
    }
  }
  if (app.ios !== undefined) {
    pairs.push(['App id', h('code', {}, app.ios.appId)]);
    pairs.push(['App Attest environment', app.ios.environment]);
  }
  pairs.push(['Deployments', app.deployments.length === 0 ? 'none' : app.deployments.join(', ')]);
  return facts(pairs);
}

export function digests(list: readonly string[]): Child {
  if (list.length === 0) return 'none yet';
  return h('ul', { class: 'digests' }, ...list.map((d) => h('li', {}, h('code', {}, d))));
}
