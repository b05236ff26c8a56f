import { h } from '../dom.mjs';
import type { Page } from '../router.mjs';
import { signIn } from '../session.mjs';
import { field, onSubmit, raw, text } from '../ui.mjs';

/** Password sign-in; the service sets the session cookie. */
export function signInPage(onSignedIn: () => void): Page {
  return {
    title: 'Sign in',
    render() {
      const status = h('div', { role: 'status', class: 'status' });
      const form = h(
        'form',
        { class: 'narrow', 'aria-labelledby': 'sign-in-heading' },
        field(
          'E-mail',
          h('input', {
            id: 'email',
            name: 'email',
            type: 'email',
            autocomplete: 'username',
            required: true,
          }),
        ),
        field(
          'Password',
          h('input', {
            id: 'password',
            name: 'password',
            type: 'password',
            autocomplete: 'current-password',
            required: true,
          }),
        ),
        h('button', { type: 'submit' }, 'Sign in'),
        status,
      );
      onSubmit(form, status, async (data) => {
        await signIn(text(data, 'email'), raw(data, 'password'));
        onSignedIn();
      });
      return Promise.resolve(
        h('section', {}, h('h1', { id: 'sign-in-heading' }, 'Sign in to Tessera'), form),
      );
    },
  };
}
