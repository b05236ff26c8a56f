import { get } from '../api.mjs';
import { type Child, facts, h, when } from '../dom.mjs';
import type { Page } from '../router.mjs';
import type { BuildView } from '../types.mjs';
import { refusalText, stateBadge } from '../ui.mjs';
import { digests } from './app-facts.mjs';

export const buildColumns = [
  { label: 'File', cell: (b: BuildView) => h('a', { href: `#/builds/${b.id}` }, b.fileName) },
  { label: 'Version', cell: (b: BuildView) => version(b) },
  { label: 'Status', cell: (b: BuildView) => stateBadge(b.status) },
  { label: 'Reason', cell: (b: BuildView) => reason(b) },
  { label: 'Uploaded', cell: (b: BuildView) => when(b.createdAt) },
];

export function version(build: BuildView): string {
  const identity = build.identity;
  if (identity === null) return '–';
  if (identity.platform === 'android') {
    return `${identity.versionName ?? '?'} (${String(identity.versionCode)})`;
  }
  return `${identity.version} (${identity.buildNumber})`;
}

/** Why a build was refused or rejected, in the service's own words. */
export function reason(build: BuildView): Child {
  if (build.refusal !== null) {
    return h('span', { class: 'reason' }, refusalText(build.refusal.code, build.refusal.message));
  }
  if (build.status === 'rejected' && build.review !== null) return build.review.note;
  return '';
}

/** The facts of one build, as extracted from the file. */
export function buildFacts(build: BuildView): HTMLElement {
  const pairs: [string, Child][] = [
    ['Status', stateBadge(build.status)],
    ['File', `${build.fileName} (${String(build.sizeBytes)} bytes)`],
    ['SHA-256', build.sha256 === null ? '–' : h('code', {}, build.sha256)],
    ['Format', build.format ?? '–'],
  ];
  if (build.refusal !== null) pairs.push(['Refused because', reason(build)]);
  const identity = build.identity;
  if (identity?.platform === 'android') {
    pairs.push(
      ['Package', h('code', {}, identity.packageName)],
      ['Version', version(build)],
      ['Certificates in the file', digests(identity.uploadCertificateSha256)],
      ['Certificates phones attest to', digests(identity.appSigningCertificateSha256)],
    );
  }
  if (identity?.platform === 'ios') {
    pairs.push(
      ['Team id', h('code', {}, identity.teamId)],
      ['Bundle id', h('code', {}, identity.bundleId)],
      ['Version', version(build)],
      ['App Attest environment', identity.appAttestEnvironment],
    );
  }
  if (build.declaredAppSigningCertificateSha256 !== null) {
    pairs.push([
      'Declared app-signing certificate',
      h('code', {}, build.declaredAppSigningCertificateSha256),
    ]);
  }
  if (build.review !== null) {
    pairs.push(['Review', `${build.review.note} (${build.review.by}, ${when(build.review.at)})`]);
  }
  pairs.push(['Uploaded', `${when(build.createdAt)} by ${build.uploadedBy}`]);
  return facts(pairs);
}

export const buildPage: Page = {
  title: 'Build',
  async render([id = '']) {
    const build = await get<BuildView>(`/v1/builds/${id}`);
    return h(
      'section',
      {},
      h('h1', {}, `Build ${build.fileName}`),
      h('p', {}, h('a', { href: `#/apps/${build.appId}` }, 'Back to the app')),
      buildFacts(build),
      h(
        'details',
        {},
        h('summary', {}, 'All extracted facts (JSON)'),
        h('pre', {}, JSON.stringify(build.facts, null, 2)),
      ),
    );
  },
};
