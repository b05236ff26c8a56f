import { get, withQuery } from '../api.mjs';
import { h, replace, when } from '../dom.mjs';
import type { Page } from '../router.mjs';
import type { AuditEntry } from '../types.mjs';
import { refusalBox, table } from '../ui.mjs';

const PAGE_SIZE = 50;

interface ChainReport {
  entries: number;
  intact: boolean;
  firstBrokenSeq?: string;
}

/** The audit log, newest first, and a check of its hash chain. */
export const auditPage: Page = {
  title: 'Audit log',
  async render(_params, query) {
    const before = query.get('before') ?? undefined;
    const entries = await get<AuditEntry[]>(
      withQuery('/v1/admin/audit', { limit: String(PAGE_SIZE), before }),
    );
    const result = h('div', { role: 'status', class: 'status' });
    const verify = h('button', { type: 'button' }, 'Verify the chain');
    verify.addEventListener('click', () => {
      verify.disabled = true;
      get<ChainReport>('/v1/admin/audit/verify')
        .then((report) => replace(result, chainVerdict(report)))
        .catch((error: unknown) => replace(result, refusalBox(error)))
        .finally(() => (verify.disabled = false));
    });
    const last = entries.at(-1);
    return h(
      'section',
      {},
      h('h1', {}, 'Audit log'),
      h(
        'p',
        {},
        'Every change of state, newest first. Each entry carries the hash of the one before it.',
      ),
      h('div', { class: 'actions' }, verify),
      result,
      table('Audit entries', columns, entries),
      entries.length === PAGE_SIZE && last !== undefined
        ? h('p', {}, h('a', { href: `#/audit?before=${encodeURIComponent(last.seq)}` }, 'Older'))
        : null,
    );
  },
};

const columns = [
  { label: '#', cell: (e: AuditEntry) => e.seq, numeric: true },
  { label: 'When', cell: (e: AuditEntry) => when(e.recordedAt) },
  { label: 'Actor', cell: (e: AuditEntry) => e.actor },
  { label: 'Action', cell: (e: AuditEntry) => h('code', {}, e.action) },
  { label: 'Subject', cell: (e: AuditEntry) => `${e.subjectType} ${e.subjectId}` },
  { label: 'Details', cell: (e: AuditEntry) => h('code', { class: 'details' }, summary(e)) },
  { label: 'Hash', cell: (e: AuditEntry) => h('code', { title: e.hash }, e.hash.slice(0, 12)) },
];

function summary(entry: AuditEntry): string {
  const text = JSON.stringify(entry.details);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

function chainVerdict(report: ChainReport): Node {
  const text = report.intact
    ? `The chain verifies: ${report.entries} entries checked, none altered.`
    : `The chain is broken at entry ${report.firstBrokenSeq ?? '?'} (${report.entries} checked).`;
  return h('p', { class: report.intact ? 'ok' : 'refusal' }, text);
}
