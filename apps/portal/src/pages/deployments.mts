import { get, post } from '../api.mjs';
import { h, when } from '../dom.mjs';
import { type Page, navigate } from '../router.mjs';
import type { Deployment } from '../types.mjs';
import { field, onSubmit, table, text } from '../ui.mjs';

/** Customer deployments: the audiences an approved app's tokens may name. */
export const deploymentsPage: Page = {
  title: 'Deployments',
  async render() {
    const deployments = await get<Deployment[]>('/v1/admin/deployments');
    return h(
      'section',
      {},
      h('h1', {}, 'Deployments'),
      h('p', {}, 'Customer servers that verify tokens. An app reaches only those allowed on it.'),
      table('Customer deployments', columns, deployments),
      createForm(),
    );
  },
};

const columns = [
  { label: 'Id', cell: (d: Deployment) => h('code', {}, d.id) },
  { label: 'Name', cell: (d: Deployment) => d.name },
  { label: 'Added', cell: (d: Deployment) => when(d.createdAt) },
];

function createForm(): HTMLElement {
  const status = h('div', { role: 'status', class: 'status' });
  const form = h(
    'form',
    { 'aria-labelledby': 'new-deployment' },
    h('h2', { id: 'new-deployment' }, 'Add a deployment'),
    field(
      'Id',
      h('input', {
        id: 'deployment-id',
        name: 'id',
        required: true,
        pattern: '[a-z0-9][a-z0-9-]{1,62}',
      }),
      'Lowercase letters, digits and dashes; it becomes the token audience.',
    ),
    field(
      'Name',
      h('input', { id: 'deployment-name', name: 'name', required: true, maxlength: 200 }),
    ),
    h('button', { type: 'submit' }, 'Add deployment'),
    status,
  );
  onSubmit(form, status, async (data) => {
    await post('/v1/admin/deployments', { id: text(data, 'id'), name: text(data, 'name') });
    navigate('/deployments');
  });
  return form;
}
