import { post } from '../api.mjs';
import { facts, h, when } from '../dom.mjs';
import type { Page } from '../router.mjs';
import { adopt } from '../session.mjs';
import type { SessionView } from '../types.mjs';
import { field, onSubmit, raw, text } from '../ui.mjs';

interface InvitationPreview {
  email: string;
  organisationName: string;
  organisationKind: string;
  role: string;
  expiresAt: string;
}

/**
 * The page an invitation link opens: `/portal/invitation#<token>`. The token stays in the
 * fragment, which browsers never send to servers, and is dropped from the address once read.
 */
export function invitationPage(token: string, onAccepted: () => void): Page {
  return {
    title: 'Invitation',
    async render() {
      const preview = await post<InvitationPreview>('/v1/invitations/preview', { token });
      const status = h('div', { role: 'status', class: 'status' });
      const form = h(
        'form',
        { class: 'narrow', 'aria-labelledby': 'accept-heading' },
        h('h2', { id: 'accept-heading' }, 'Create your account'),
        field(
          'Your name',
          h('input', {
            id: 'display-name',
            name: 'displayName',
            autocomplete: 'name',
            required: true,
          }),
        ),
        field(
          'Password',
          h('input', {
            id: 'new-password',
            name: 'password',
            type: 'password',
            autocomplete: 'new-password',
            minlength: 12,
            maxlength: 256,
            required: true,
          }),
          'At least 12 characters. If you already have an account, enter its password.',
        ),
        h('button', { type: 'submit' }, 'Accept invitation'),
        status,
      );
      onSubmit(form, status, async (data) => {
        const accepted = await post<SessionView>('/v1/invitations/accept', {
          token,
          password: raw(data, 'password'),
          displayName: text(data, 'displayName'),
        });
        adopt(accepted);
        onAccepted();
      });
      return h(
        'section',
        {},
        h('h1', {}, `Join ${preview.organisationName}`),
        facts([
          ['E-mail', preview.email],
          ['Organisation', `${preview.organisationName} (${preview.organisationKind})`],
          ['Role', preview.role],
          ['Link valid until', when(preview.expiresAt)],
        ]),
        form,
      );
    },
  };
}
