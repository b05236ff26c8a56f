import { get, post } from '../api.mjs';
import { h, when } from '../dom.mjs';
import { type Page, navigate } from '../router.mjs';
import type { Organisation } from '../types.mjs';
import { field, onSubmit, table, text } from '../ui.mjs';

/** Organisations: the vendor and its partners. */
export const organisationsPage: Page = {
  title: 'Organisations',
  async render() {
    const organisations = await get<Organisation[]>('/v1/admin/organisations');
    return h(
      'section',
      {},
      h('h1', {}, 'Organisations'),
      table('Organisations', columns, organisations),
      createForm(),
    );
  },
};

const columns = [
  {
    label: 'Name',
    cell: (o: Organisation) => h('a', { href: `#/organisations/${o.id}` }, o.name),
  },
  { label: 'Kind', cell: (o: Organisation) => o.kind },
  { label: 'Added', cell: (o: Organisation) => when(o.createdAt) },
];

function createForm(): HTMLElement {
  const status = h('div', { role: 'status', class: 'status' });
  const kind = h(
    'select',
    { id: 'organisation-kind', name: 'kind' },
    h('option', { value: 'partner' }, 'Partner'),
    h('option', { value: 'vendor' }, 'Vendor'),
  );
  const form = h(
    'form',
    { 'aria-labelledby': 'new-organisation' },
    h('h2', { id: 'new-organisation' }, 'Add an organisation'),
    field(
      'Name',
      h('input', { id: 'organisation-name', name: 'name', required: true, maxlength: 200 }),
    ),
    field('Kind', kind),
    h('button', { type: 'submit' }, 'Add organisation'),
    status,
  );
  onSubmit(form, status, async (data) => {
    const created = await post<Organisation>('/v1/admin/organisations', {
      name: text(data, 'name'),
      kind: text(data, 'kind'),
    });
    navigate(`/organisations/${created.id}`);
  });
  return form;
}

export { organisationPage } from './organisation.mjs';
