import { get, post } from '../api.mjs';
import { h, replace, when } from '../dom.mjs';
import type { Page } from '../router.mjs';
import type { InvitationView, MemberView, Organisation } from '../types.mjs';
import { field, onSubmit, table, text } from '../ui.mjs';

const ROLES: Readonly<Record<Organisation['kind'], readonly string[]>> = {
  vendor: ['reviewer', 'admin'],
  partner: ['admin', 'developer'],
};

/** One organisation: its members, open invitations, and a form to invite someone. */
export const organisationPage: Page = {
  title: 'Organisation',
  async render([id = '']) {
    const organisations = await get<Organisation[]>('/v1/admin/organisations');
    const organisation = organisations.find((o) => o.id === id);
    if (organisation === undefined) throw new Error('no such organisation');
    const [members, invitations] = await Promise.all([
      get<MemberView[]>(`/v1/organisations/${id}/members`),
      get<InvitationView[]>(`/v1/organisations/${id}/invitations`),
    ]);
    const invitationList = h('div', {}, invitationTable(invitations));
    const refreshInvitations = async (): Promise<void> => {
      const latest = await get<InvitationView[]>(`/v1/organisations/${id}/invitations`);
      replace(invitationList, invitationTable(latest));
    };
    return h(
      'section',
      {},
      h('h1', {}, organisation.name),
      h('p', {}, `A ${organisation.kind} organisation, added ${when(organisation.createdAt)}.`),
      table('Members', memberColumns, members),
      invitationList,
      inviteForm(organisation, refreshInvitations),
    );
  },
};

const memberColumns = [
  { label: 'Name', cell: (m: MemberView) => m.displayName },
  { label: 'E-mail', cell: (m: MemberView) => m.email },
  { label: 'Role', cell: (m: MemberView) => m.role },
  { label: 'Joined', cell: (m: MemberView) => when(m.joinedAt) },
];

const invitationColumns = [
  { label: 'E-mail', cell: (i: InvitationView) => i.email },
  { label: 'Role', cell: (i: InvitationView) => i.role },
  { label: 'Expires', cell: (i: InvitationView) => when(i.expiresAt) },
  { label: 'Accepted', cell: (i: InvitationView) => when(i.acceptedAt) },
];

function invitationTable(invitations: readonly InvitationView[]): Node {
  return table('Invitations', invitationColumns, invitations);
}

/** Creates an invitation, shows its one-time link, clears the form and refreshes the list. */
function inviteForm(organisation: Organisation, refresh: () => Promise<void>): HTMLElement {
  const status = h('div', { role: 'status', class: 'status' });
  const role = h(
    'select',
    { id: 'invite-role', name: 'role' },
    ...ROLES[organisation.kind].map((r) => h('option', { value: r }, r)),
  );
  const form = h(
    'form',
    { 'aria-labelledby': 'invite-heading' },
    h('h2', { id: 'invite-heading' }, 'Invite someone'),
    field(
      'E-mail',
      h('input', { id: 'invite-email', name: 'email', type: 'email', required: true }),
    ),
    field('Role', role),
    h('button', { type: 'submit' }, 'Create invitation'),
    status,
  );
  onSubmit(form, status, async (data) => {
    const created = await post<{ invitation: InvitationView; link: string }>(
      `/v1/organisations/${organisation.id}/invitations`,
      { email: text(data, 'email'), role: text(data, 'role') },
    );
    const link = h('input', {
      id: 'invitation-link',
      readonly: true,
      value: created.link,
      class: 'wide',
    });
    replace(
      status,
      h(
        'div',
        { class: 'ok' },
        h(
          'p',
          {},
          `Invitation for ${created.invitation.email} created. Send them this link; it is shown only now.`,
        ),
        field('Invitation link', link),
      ),
    );
    form.reset();
    link.focus();
    link.select();
    await refresh();
  });
  return form;
}
