import { get } from '../api.mjs';
import { barChart } from '../chart.mjs';
import { h } from '../dom.mjs';
import type { Page } from '../router.mjs';
import { isVendorStaff, partnerMemberships } from '../session.mjs';
import type { App } from '../types.mjs';
import { table } from '../ui.mjs';

const DAYS = 30;

export interface AppActivity {
  appId: string;
  enrolmentsPerDay: { day: string; count: number }[];
  installations: { active: number; revoked: number };
}

export function activityOf(appId: string): Promise<AppActivity> {
  return get<AppActivity>(`/v1/portal/apps/${appId}/activity?days=${DAYS}`);
}

/** Attestation counts for one app and its enrolments per day. */
export function activityPanel(activity: AppActivity): HTMLElement {
  const { active, revoked } = activity.installations;
  return h(
    'div',
    { class: 'activity' },
    h('p', {}, `Attested installations: ${active} active, ${revoked} revoked.`),
    barChart(
      `Enrolments (attestations that received a first token), last ${DAYS} days, UTC`,
      'enrolments',
      activity.enrolmentsPerDay.map((d) => ({ label: d.day.slice(5), value: d.count })),
    ),
  );
}

async function visibleApps(): Promise<App[]> {
  if (isVendorStaff()) return get<App[]>('/v1/admin/apps');
  const lists = await Promise.all(
    partnerMemberships().map((m) => get<App[]>(`/v1/organisations/${m.organisationId}/apps`)),
  );
  return lists.flat();
}

/** Every visible app's attestation counts, and a chart per app. */
export const activityPage: Page = {
  title: 'Activity',
  async render() {
    const apps = await visibleApps();
    const activities = await Promise.all(apps.map((app) => activityOf(app.id)));
    const rows = apps.map((app, i) => ({ app, activity: activities[i] }));
    return h(
      'section',
      {},
      h('h1', {}, 'Activity'),
      // TODO(#3): token refreshes and refusals are counted only in the Prometheus metrics of each
      // instance, not stored per event, so they cannot be charted over time here yet.
      h(
        'p',
        {},
        'Enrolments come from the installations on record. Token refreshes and refusals by reason are in the service’s Prometheus metrics (',
        h('code', {}, 'tessera_tokens_issued_total'),
        ', ',
        h('code', {}, 'tessera_token_refusals_total'),
        ').',
      ),
      table('Attestation counts per app', columns, rows),
      ...rows.map(({ app, activity }) =>
        activity === undefined
          ? null
          : h('section', {}, h('h2', {}, app.name), activityPanel(activity)),
      ),
    );
  },
};

interface Row {
  app: App;
  activity: AppActivity | undefined;
}

const columns = [
  { label: 'App', cell: (r: Row) => h('a', { href: `#/apps/${r.app.id}` }, r.app.name) },
  {
    label: 'Active installations',
    cell: (r: Row) => r.activity?.installations.active ?? 0,
    numeric: true,
  },
  {
    label: 'Revoked installations',
    cell: (r: Row) => r.activity?.installations.revoked ?? 0,
    numeric: true,
  },
  {
    label: `Enrolments, ${DAYS} days`,
    cell: (r: Row) => r.activity?.enrolmentsPerDay.reduce((s, d) => s + d.count, 0) ?? 0,
    numeric: true,
  },
];
