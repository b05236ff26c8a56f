import { post } from '../api.mjs';
import { facts, h, when } from '../dom.mjs';
import type { Page } from '../router.mjs';
import { adopt, loadSession, signIn } from '../session.mjs';
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
 * A new address sets its password here; an address that has an account signs in first (the
 * service takes no password with the invitation for it) and accepts while signed in.
 */
export function invitationPage(token: string, onAccepted: () => void): Page {
  return {
    title: 'Invitation',
    async render() {
      const preview = await post<InvitationPreview>('/v1/invitations/preview', { token });
      const current = await loadSession();
      const acceptSignedIn = async (): Promise<void> => {
        adopt(await post<SessionView>('/v1/invitations/accept-signed-in', { token }));
        onAccepted();
      };
      const forms =
        current?.user.email === preview.email
          ? [signedInForm(preview.email, acceptSignedIn)]
          : [newAccountForm(token, onAccepted), existingAccountForm(preview.email, acceptSignedIn)];
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
        ...forms,
      );
    },
  };
}

function newAccountForm(token: string, onAccepted: () => void): HTMLFormElement {
  const status = h('div', { role: 'status', class: 'status' });
  const form = h(
    'form',
    { class: 'narrow', 'aria-labelledby': 'accept-heading' },
    h('h2', { id: 'accept-heading' }, 'Create your account'),
    field(
      'Your name',
      h('input', { id: 'display-name', name: 'displayName', autocomplete: 'name', required: true }),
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
      'At least 12 characters.',
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
  return form;
}

/** Signs in as the invited address (the usual sign-in, lockout included), then accepts. */
function existingAccountForm(email: string, accept: () => Promise<void>): HTMLFormElement {
  const status = h('div', { role: 'status', class: 'status' });
  const form = h(
    'form',
    { class: 'narrow', 'aria-labelledby': 'existing-heading' },
    h('h2', { id: 'existing-heading' }, 'Already have an account?'),
    field(
      'Your password',
      h('input', {
        id: 'current-password',
        name: 'password',
        type: 'password',
        autocomplete: 'current-password',
        required: true,
      }),
      `Sign in as ${email} to accept.`,
    ),
    h('button', { type: 'submit' }, 'Sign in and accept'),
    status,
  );
  onSubmit(form, status, async (data) => {
    await signIn(email, raw(data, 'password'));
    await accept();
  });
  return form;
}

function signedInForm(email: string, accept: () => Promise<void>): HTMLFormElement {
  const status = h('div', { role: 'status', class: 'status' });
  const form = h(
    'form',
    { class: 'narrow', 'aria-labelledby': 'accept-heading' },
    h('h2', { id: 'accept-heading' }, `Signed in as ${email}`),
    h('button', { type: 'submit' }, 'Accept invitation'),
    status,
  );
  onSubmit(form, status, () => accept());
  return form;
}
