import { get, post } from '../api.mjs';
import { h, when } from '../dom.mjs';
import { type Page, navigate } from '../router.mjs';
import type { Change, SubmissionView } from '../types.mjs';
import { field, notice, onSubmit, stateBadge, table, text } from '../ui.mjs';
import { buildFacts, version } from './build.mjs';

/** Builds waiting for a decision, oldest first. */
export const queuePage: Page = {
  title: 'Review queue',
  async render() {
    const queue = await get<SubmissionView[]>('/v1/review/queue');
    return h(
      'section',
      {},
      h('h1', {}, 'Review queue'),
      table(
        'Builds awaiting review, oldest first',
        queueColumns,
        queue,
        'No builds waiting for review.',
      ),
    );
  },
};

const queueColumns = [
  {
    label: 'Build',
    cell: (s: SubmissionView) => h('a', { href: `#/review/${s.build.id}` }, s.build.fileName),
  },
  { label: 'App', cell: (s: SubmissionView) => s.app.name },
  { label: 'Partner', cell: (s: SubmissionView) => s.organisation.name },
  { label: 'Version', cell: (s: SubmissionView) => version(s.build) },
  { label: 'Flags', cell: (s: SubmissionView) => flagSummary(s.changes) },
  { label: 'Uploaded', cell: (s: SubmissionView) => when(s.build.createdAt) },
];

function flagSummary(changes: readonly Change[]): Node | string {
  const alerts = changes.filter((c) => c.severity === 'alert').length;
  const warnings = changes.filter((c) => c.severity === 'warning').length;
  if (alerts === 0 && warnings === 0) return '';
  return h(
    'span',
    { class: alerts > 0 ? 'flag flag-alert' : 'flag flag-warning' },
    `${alerts} alert${alerts === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`,
  );
}

/** One submission: the facts, what changed since the last approved build, and the decision. */
export const submissionPage: Page = {
  title: 'Submission',
  async render([id = '']) {
    const submission = await get<SubmissionView>(`/v1/review/builds/${id}`);
    const { build, app, organisation } = submission;
    const outcome = takeOutcome(build.id);
    return h(
      'section',
      {},
      h('h1', {}, `${app.name}: ${build.fileName}`),
      outcome === undefined
        ? null
        : notice(
            h('p', {}, outcome),
            h('p', {}, h('a', { href: '#/queue' }, 'Back to the review queue')),
          ),
      h('p', {}, `From ${organisation.name}. App state `, stateBadge(app.reviewState), '.'),
      h('h2', {}, 'What changed'),
      changeList(submission),
      h('h2', {}, 'Facts of this build'),
      buildFacts(build),
      build.status === 'pending' ? decisionForm(submission) : null,
    );
  },
};

function changeList(submission: SubmissionView): Node {
  const since =
    submission.previousApproved === null
      ? 'No earlier approved build.'
      : `Compared with ${submission.previousApproved.fileName}, approved ${version(submission.previousApproved)}.`;
  return h(
    'div',
    {},
    h('p', {}, since),
    h(
      'ul',
      { class: 'changes' },
      ...submission.changes.map((c) =>
        h(
          'li',
          { class: `change change-${c.severity}` },
          h(
            'strong',
            {},
            c.severity === 'alert' ? 'ALERT ' : c.severity === 'warning' ? 'Warning ' : '',
          ),
          h('code', {}, c.code),
          ': ',
          c.message,
          c.before === undefined && c.after === undefined
            ? null
            : h(
                'span',
                { class: 'muted' },
                ` (before ${JSON.stringify(c.before)}, now ${JSON.stringify(c.after)})`,
              ),
        ),
      ),
    ),
  );
}

/** What the last decision did, shown once on the page it re-renders. */
let lastOutcome: { buildId: string; text: string } | undefined;

function takeOutcome(buildId: string): string | undefined {
  const outcome = lastOutcome?.buildId === buildId ? lastOutcome.text : undefined;
  lastOutcome = undefined;
  return outcome;
}

/** e.g. "Approved build 3 of com.example.app — note recorded". */
function outcomeText(decision: string, submission: SubmissionView): string {
  const { build, app } = submission;
  const verb = decision === 'approve' ? 'Approved' : 'Rejected';
  const number =
    build.identity === null
      ? build.fileName
      : build.identity.platform === 'android'
        ? build.identity.versionCode
        : build.identity.buildNumber;
  const identity = app.android?.packageName ?? app.ios?.appId ?? app.name;
  return `${verb} build ${String(number)} of ${identity} — note recorded`;
}

function decisionForm(submission: SubmissionView): HTMLElement {
  const buildId = submission.build.id;
  const status = h('div', { role: 'status', class: 'status' });
  const decision = h(
    'fieldset',
    {},
    h('legend', {}, 'Decision'),
    radio('decision-approve', 'approve', 'Approve'),
    radio('decision-reject', 'reject', 'Reject'),
  );
  const form = h(
    'form',
    { 'aria-labelledby': 'decision-heading' },
    h('h2', { id: 'decision-heading' }, 'Decide'),
    decision,
    field(
      'Note',
      h('textarea', {
        id: 'decision-note',
        name: 'note',
        required: true,
        maxlength: 2000,
        rows: 3,
      }),
    ),
    h('button', { type: 'submit' }, 'Record decision'),
    status,
  );
  onSubmit(form, status, async (data) => {
    const decision = text(data, 'decision');
    await post(`/v1/review/builds/${buildId}/decision`, { decision, note: text(data, 'note') });
    lastOutcome = { buildId, text: outcomeText(decision, submission) };
    navigate(`/review/${buildId}`);
  });
  return form;
}

function radio(id: string, value: string, label: string): HTMLElement {
  return h(
    'div',
    { class: 'radio' },
    h('input', { type: 'radio', id, name: 'decision', value, required: true }),
    h('label', { for: id }, label),
  );
}
