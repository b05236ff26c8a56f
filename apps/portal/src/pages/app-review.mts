import { get, post, put } from '../api.mjs';
import { h } from '../dom.mjs';
import { navigate } from '../router.mjs';
import { isVendorAdmin } from '../session.mjs';
import type { App, Deployment, ReviewState } from '../types.mjs';
import { field, onSubmit, text } from '../ui.mjs';

/** Vendor staff: decide on the whole app, revoke a version or certificate, set deployments. */
export async function appReviewPanel(app: App): Promise<HTMLElement> {
  const panel = h('div', { class: 'panel' }, h('h2', {}, 'Review'));
  if (isVendorAdmin()) panel.append(appDecisionForm(app));
  panel.append(revocationForm(app));
  if (isVendorAdmin()) {
    panel.append(deploymentsForm(app, await get<Deployment[]>('/v1/admin/deployments')));
  }
  return panel;
}

type AppDecision = 'approve' | 'reject' | 'revoke';

const DECISION_LABELS: Readonly<Record<AppDecision, string>> = {
  approve: 'Approve the app',
  reject: 'Reject the app',
  revoke: 'Revoke the app (stops every installation)',
};

/** The decisions the service accepts from each state (its review transitions). */
const DECISIONS_FROM: Readonly<Record<ReviewState, readonly AppDecision[]>> = {
  pending: ['approve', 'reject'],
  approved: ['revoke'],
  rejected: ['approve'],
  revoked: ['approve'],
};

function appDecisionForm(app: App): HTMLElement {
  const status = h('div', { role: 'status', class: 'status' });
  const decision = h(
    'select',
    { id: 'app-decision', name: 'decision' },
    ...DECISIONS_FROM[app.reviewState].map((d) => h('option', { value: d }, DECISION_LABELS[d])),
  );
  const form = h(
    'form',
    { 'aria-labelledby': 'app-decision-heading' },
    h('h3', { id: 'app-decision-heading' }, 'Whole app'),
    field('Decision', decision, `The app is ${app.reviewState}.`),
    field(
      'Note',
      h('textarea', { id: 'app-decision-note', name: 'note', required: true, rows: 2 }),
    ),
    h('button', { type: 'submit' }, 'Record app decision'),
    status,
  );
  onSubmit(form, status, async (data) => {
    await post(`/v1/admin/apps/${app.id}/review`, {
      decision: text(data, 'decision'),
      note: text(data, 'note'),
    });
    navigate(`/apps/${app.id}`);
  });
  return form;
}

function revocationForm(app: App): HTMLElement {
  const status = h('div', { role: 'status', class: 'status' });
  const kind = h(
    'select',
    { id: 'revocation-kind', name: 'kind' },
    h('option', { value: 'version' }, 'One version'),
    h('option', { value: 'certificate' }, 'One signing certificate'),
  );
  const form = h(
    'form',
    { 'aria-labelledby': 'revocation-heading' },
    h('h3', { id: 'revocation-heading' }, 'Revoke a version or certificate'),
    field('What', kind),
    field(
      'Value',
      h('input', { id: 'revocation-value', name: 'value', required: true, autocomplete: 'off' }),
      'Android versionCode or iOS bundle version; or a certificate SHA-256 in lowercase hex.',
    ),
    field('Note', h('textarea', { id: 'revocation-note', name: 'note', required: true, rows: 2 })),
    h('button', { type: 'submit' }, 'Revoke'),
    status,
  );
  onSubmit(form, status, async (data) => {
    await post(`/v1/review/apps/${app.id}/revocations`, {
      kind: text(data, 'kind'),
      value: text(data, 'value'),
      note: text(data, 'note'),
    });
    navigate(`/apps/${app.id}`);
  });
  return form;
}

function deploymentsForm(app: App, deployments: readonly Deployment[]): HTMLElement {
  const status = h('div', { role: 'status', class: 'status' });
  const boxes = deployments.map((d) =>
    h(
      'div',
      { class: 'checkbox' },
      h('input', {
        type: 'checkbox',
        id: `deployment-${d.id}`,
        name: 'deploymentIds',
        value: d.id,
        checked: app.deployments.includes(d.id),
      }),
      h('label', { for: `deployment-${d.id}` }, `${d.name} (${d.id})`),
    ),
  );
  const form = h(
    'form',
    { 'aria-labelledby': 'deployments-heading' },
    h('h3', { id: 'deployments-heading' }, 'Deployments this app may reach'),
    h('fieldset', {}, h('legend', {}, 'Customer deployments'), ...boxes),
    deployments.length === 0
      ? h('p', {}, h('a', { href: '#/deployments' }, 'Add a deployment first.'))
      : null,
    h('button', { type: 'submit' }, 'Save deployments'),
    status,
  );
  onSubmit(form, status, async (data) => {
    const ids = data.getAll('deploymentIds').filter((v): v is string => typeof v === 'string');
    await put(`/v1/admin/apps/${app.id}/deployments`, { deploymentIds: ids });
    navigate(`/apps/${app.id}`);
  });
  return form;
}
