import { get } from '../api.mjs';
import { barChart } from '../chart.mjs';
import { h } from '../dom.mjs';
import type { Page } from '../router.mjs';
import { isVendorStaff, partnerMemberships } from '../session.mjs';
import type { App } from '../types.mjs';
import { table } from '../ui.mjs';

const DAYS = 30;

interface DailyCount {
  day: string;
  count: number;
}

export interface AppActivity {
  appId: string;
  enrolmentsPerDay: DailyCount[];
  installations: { active: number; revoked: number };
  issuedPerDay: DailyCount[];
  refusedPerDay: DailyCount[];
  refusalsByCode: { code: string; total: number; perDay: DailyCount[] }[];
}

export function activityOf(appId: string): Promise<AppActivity> {
  return get<AppActivity>(`/v1/portal/apps/${appId}/activity?days=${DAYS}`);
}

const points = (series: DailyCount[]) =>
  series.map((d) => ({ label: d.day.slice(5), value: d.count }));
const total = (series: DailyCount[]): number => series.reduce((sum, d) => sum + d.count, 0);

/** Attestation counts for one app: enrolments, tokens issued and refusals per day. */
export function activityPanel(activity: AppActivity): HTMLElement {
  const { active, revoked } = activity.installations;
  return h(
    'div',
    { class: 'activity' },
    h('p', {}, `Attested installations: ${active} active, ${revoked} revoked.`),
    barChart(
      `Enrolments (attestations that received a first token), last ${DAYS} days, UTC`,
      'enrolments',
      points(activity.enrolmentsPerDay),
    ),
    barChart(
      `Tokens issued (enrolments and refreshes), last ${DAYS} days, UTC`,
      'tokens issued',
      points(activity.issuedPerDay),
    ),
    barChart(
      `Enrolments and refreshes refused, last ${DAYS} days, UTC`,
      'refusals',
      points(activity.refusedPerDay),
    ),
    table(`Refusals by reason, last ${DAYS} days`, refusalColumns, activity.refusalsByCode),
  );
}

const refusalColumns = [
  { label: 'Reason', cell: (r: AppActivity['refusalsByCode'][number]) => h('code', {}, r.code) },
  {
    label: 'Refusals',
    cell: (r: AppActivity['refusalsByCode'][number]) => r.total,
    numeric: true,
  },
];

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
      h(
        'p',
        {},
        'Enrolments come from the installations on record; tokens issued and refusals are counted by every instance of the service and stored every few seconds, so the last seconds may not show yet. Refusals made before the service knew which app was asking are in its Prometheus metrics only.',
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
    cell: (r: Row) => total(r.activity?.enrolmentsPerDay ?? []),
    numeric: true,
  },
  {
    label: `Tokens issued, ${DAYS} days`,
    cell: (r: Row) => total(r.activity?.issuedPerDay ?? []),
    numeric: true,
  },
  {
    label: `Refusals, ${DAYS} days`,
    cell: (r: Row) => total(r.activity?.refusedPerDay ?? []),
    numeric: true,
  },
];
