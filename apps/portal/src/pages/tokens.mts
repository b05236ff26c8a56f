import { get, post } from '../api.mjs';
import { h, replace, when } from '../dom.mjs';
import { type Page, navigate } from '../router.mjs';
import type { ApiTokenView } from '../types.mjs';
import { field, onSubmit, table, text } from '../ui.mjs';

/** API tokens for a partner's build pipeline: the secret is shown once, at creation. */
export const tokensPage: Page = {
  title: 'API tokens',
  async render([organisationId = '']) {
    const tokens = await get<ApiTokenView[]>(`/v1/organisations/${organisationId}/api-tokens`);
    return h(
      'section',
      {},
      h('h1', {}, 'API tokens'),
      h(
        'p',
        {},
        'Tokens let a build pipeline upload builds. The secret is shown once; store it in the pipeline’s secret store.',
      ),
      table('API tokens', columns(organisationId), tokens),
      createForm(organisationId),
    );
  },
};

function columns(organisationId: string) {
  return [
    { label: 'Name', cell: (t: ApiTokenView) => t.name },
    { label: 'Starts with', cell: (t: ApiTokenView) => h('code', {}, `tsp_${t.hint}`) },
    { label: 'Scopes', cell: (t: ApiTokenView) => t.scopes.join(', ') },
    { label: 'Last used', cell: (t: ApiTokenView) => when(t.lastUsedAt) },
    { label: 'Expires', cell: (t: ApiTokenView) => when(t.expiresAt) },
    {
      label: 'State',
      cell: (t: ApiTokenView) =>
        t.revokedAt === null ? revokeButton(organisationId, t) : `revoked ${when(t.revokedAt)}`,
    },
  ];
}

function revokeButton(organisationId: string, token: ApiTokenView): HTMLElement {
  const button = h(
    'button',
    { type: 'button', 'aria-label': `Revoke token ${token.name}` },
    'Revoke',
  );
  button.addEventListener('click', () => {
    button.disabled = true;
    void post(`/v1/api-tokens/${token.id}/revoke`).then(
      () => navigate(`/organisations/${organisationId}/tokens`),
      () => (button.disabled = false),
    );
  });
  return button;
}

function createForm(organisationId: string): HTMLElement {
  const status = h('div', { role: 'status', class: 'status' });
  const scopes = h(
    'fieldset',
    {},
    h('legend', {}, 'Scopes'),
    checkbox('scope-write', 'builds:write', 'Upload builds', true),
    checkbox('scope-read', 'builds:read', 'Read builds', true),
  );
  const form = h(
    'form',
    { 'aria-labelledby': 'new-token' },
    h('h2', { id: 'new-token' }, 'Create a token'),
    field('Name', h('input', { id: 'token-name', name: 'name', required: true, maxlength: 100 })),
    scopes,
    field(
      'Expires in days',
      h('input', { id: 'token-days', name: 'days', type: 'number', min: 1, max: 365, value: 90 }),
    ),
    h('button', { type: 'submit' }, 'Create token'),
    status,
  );
  onSubmit(form, status, async (data) => {
    const created = await post<{ token: ApiTokenView; secret: string }>(
      `/v1/organisations/${organisationId}/api-tokens`,
      {
        name: text(data, 'name'),
        scopes: data.getAll('scopes'),
        expiresInDays: Number(text(data, 'days')),
      },
    );
    const secret = h('input', {
      id: 'token-secret',
      readonly: true,
      value: created.secret,
      class: 'wide',
    });
    replace(
      status,
      h(
        'div',
        { class: 'ok' },
        h('p', {}, 'Copy the secret now: it is not shown again.'),
        field('Secret', secret),
      ),
    );
    secret.focus();
    secret.select();
  });
  return form;
}

function checkbox(id: string, value: string, label: string, checked: boolean): HTMLElement {
  return h(
    'div',
    { class: 'checkbox' },
    h('input', { type: 'checkbox', id, name: 'scopes', value, checked }),
    h('label', { for: id }, label),
  );
}
