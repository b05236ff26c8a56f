import { get, post } from '../api.mjs';
import { h, when } from '../dom.mjs';
import { type Page, navigate } from '../router.mjs';
import { isVendorStaff, partnerMemberships } from '../session.mjs';
import type { App, BuildView, Membership, RevocationView } from '../types.mjs';
import { field, onSubmit, stateBadge, table, text } from '../ui.mjs';
import { activityOf, activityPanel } from './activity.mjs';
import { appFacts } from './app-facts.mjs';
import { appReviewPanel } from './app-review.mjs';
import { buildColumns } from './build.mjs';

/** Apps the reader may see: every app for vendor staff, their organisations' apps for partners. */
export const appsPage: Page = {
  title: 'Apps',
  async render() {
    const section = h('section', {}, h('h1', {}, 'Apps'));
    if (isVendorStaff()) {
      section.append(table('All apps', appColumns, await get<App[]>('/v1/admin/apps')));
    }
    for (const membership of partnerMemberships()) {
      const path = `/v1/organisations/${membership.organisationId}/apps`;
      const apps = await get<App[]>(path);
      section.append(
        table(`Apps of ${membership.organisationName}`, appColumns, apps),
        createForm(membership),
      );
    }
    return section;
  },
};

const appColumns = [
  { label: 'App', cell: (a: App) => h('a', { href: `#/apps/${a.id}` }, a.name) },
  { label: 'Platform', cell: (a: App) => a.platform },
  { label: 'Identity', cell: (a: App) => h('code', {}, identity(a)) },
  { label: 'State', cell: (a: App) => stateBadge(a.reviewState) },
  { label: 'Updated', cell: (a: App) => when(a.updatedAt) },
];

function identity(app: App): string {
  return app.android?.packageName ?? app.ios?.appId ?? '–';
}

function createForm(membership: Membership): HTMLElement {
  const suffix = membership.organisationId.slice(0, 8);
  const status = h('div', { role: 'status', class: 'status' });
  const platform = h(
    'select',
    { id: `platform-${suffix}`, name: 'platform' },
    h('option', { value: 'android' }, 'Android'),
    h('option', { value: 'ios' }, 'iOS'),
  );
  const androidFields = h(
    'div',
    {},
    field(
      'Android package name',
      h('input', {
        id: `package-${suffix}`,
        name: 'androidPackage',
        autocomplete: 'off',
        required: true,
      }),
      'e.g. com.example.app',
    ),
  );
  const iosFields = h(
    'div',
    {},
    field(
      'Apple team id',
      h('input', {
        id: `team-${suffix}`,
        name: 'iosTeamId',
        pattern: '[A-Z0-9]{10}',
        required: true,
      }),
      'The 10-character team identifier.',
    ),
    field('Bundle id', h('input', { id: `bundle-${suffix}`, name: 'iosBundleId', required: true })),
  );
  // Only the chosen platform's fields show; the hidden ones are disabled, so never validated.
  const showPlatform = (): void => {
    const android = platform.value === 'android';
    setShown(androidFields, android);
    setShown(iosFields, !android);
  };
  platform.addEventListener('change', showPlatform);
  showPlatform();
  const form = h(
    'form',
    { 'aria-labelledby': `new-app-${suffix}` },
    h('h2', { id: `new-app-${suffix}` }, `Register an app for ${membership.organisationName}`),
    field(
      'Name',
      h('input', { id: `app-name-${suffix}`, name: 'name', required: true, maxlength: 200 }),
    ),
    field('Platform', platform),
    androidFields,
    iosFields,
    h('button', { type: 'submit' }, 'Register app'),
    status,
  );
  onSubmit(form, status, async (data) => {
    const android = text(data, 'platform') === 'android';
    const body = android
      ? {
          name: text(data, 'name'),
          platform: 'android',
          androidPackage: text(data, 'androidPackage'),
        }
      : {
          name: text(data, 'name'),
          platform: 'ios',
          iosTeamId: text(data, 'iosTeamId'),
          iosBundleId: text(data, 'iosBundleId'),
          iosEnvironment: 'production',
        };
    const app = await post<App>(`/v1/organisations/${membership.organisationId}/apps`, body);
    navigate(`/apps/${app.id}`);
  });
  return form;
}

function setShown(group: HTMLElement, shown: boolean): void {
  group.hidden = !shown;
  for (const input of group.querySelectorAll('input')) input.disabled = !shown;
}

type AppDetail = App & { revocations?: RevocationView[] };

/** One app: its identity, state, builds (refusals with their reasons) and, for staff, review. */
export const appPage: Page = {
  title: 'App',
  async render([id = '']) {
    const [app, builds, activity] = await Promise.all([
      get<AppDetail>(`/v1/apps/${id}`),
      get<BuildView[]>(`/v1/apps/${id}/builds`),
      activityOf(id),
    ]);
    return h(
      'section',
      {},
      h('h1', {}, app.name, ' ', stateBadge(app.reviewState)),
      appFacts(app),
      h('p', {}, h('a', { class: 'button', href: `#/apps/${app.id}/upload` }, 'Upload a build')),
      h('h2', {}, 'Builds'),
      table('Builds, newest first', buildColumns, builds),
      revocations(app.revocations ?? []),
      h('h2', {}, 'Attestations'),
      activityPanel(activity),
      isVendorStaff() ? await appReviewPanel(app) : null,
    );
  },
};

function revocations(list: readonly RevocationView[]): Node | null {
  if (list.length === 0) return null;
  return h(
    'div',
    {},
    h('h2', {}, 'Revocations'),
    table('Revoked versions and certificates', revocationColumns, list),
  );
}

const revocationColumns = [
  { label: 'Kind', cell: (r: RevocationView) => r.kind },
  { label: 'Value', cell: (r: RevocationView) => h('code', {}, r.value) },
  { label: 'Note', cell: (r: RevocationView) => r.note },
  { label: 'By', cell: (r: RevocationView) => r.revokedBy },
  { label: 'When', cell: (r: RevocationView) => when(r.createdAt) },
];
