import { get, withQuery } from '../api.mjs';
import { h, replace } from '../dom.mjs';
import type { Page } from '../router.mjs';
import type { App } from '../types.mjs';
import { field, refusalBox } from '../ui.mjs';
import { uploadBuild } from '../upload.mjs';
import { buildFacts } from './build.mjs';

const SHA256_HEX = '[0-9a-f]{64}';

/** Upload a build with a progress bar; the outcome shows the facts or the exact refusal. */
export const uploadPage: Page = {
  title: 'Upload a build',
  async render([id = '']) {
    const app = await get<App>(`/v1/apps/${id}`);
    const file = h('input', {
      id: 'build-file',
      name: 'file',
      type: 'file',
      accept: '.apk,.aab,.ipa',
      required: true,
    });
    const signing = h('input', {
      id: 'app-signing-digest',
      name: 'appSigningCertificateSha256',
      pattern: SHA256_HEX,
      autocomplete: 'off',
      spellcheck: 'false',
    });
    const progress = h('progress', { id: 'upload-progress', max: 100, value: 0 });
    const progressText = h('span', { id: 'upload-progress-text' }, 'Not started');
    const outcome = h('div', { role: 'status', class: 'status' });
    const submit = h('button', { type: 'submit' }, 'Upload');
    const form = h(
      'form',
      { 'aria-labelledby': 'upload-heading' },
      field('Build file (APK, AAB or IPA)', file),
      field(
        'App-signing certificate SHA-256 (Play App Signing)',
        signing,
        'Required for AAB, optional for APK: the certificate phones attest to, lowercase hex.',
      ),
      submit,
      h(
        'div',
        { class: 'progress' },
        h('label', { for: 'upload-progress' }, 'Upload progress'),
        progress,
        progressText,
      ),
      outcome,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = file.files?.[0];
      if (chosen === undefined) return;
      submit.disabled = true;
      replace(outcome);
      const url = withQuery(`/v1/apps/${app.id}/builds`, {
        fileName: chosen.name,
        appSigningCertificateSha256: signing.value.trim() === '' ? undefined : signing.value.trim(),
      });
      void uploadBuild(url, chosen, (sent, total) => {
        const percent = Math.round((sent / total) * 100);
        progress.value = percent;
        progressText.textContent = `${percent}% (${sent} of ${total} bytes)`;
      }).then(({ build, error }) => {
        submit.disabled = false;
        replace(
          outcome,
          error === undefined
            ? h('p', { class: 'ok' }, 'Uploaded: the build awaits review.')
            : refusalBox(error),
          build === undefined ? null : buildFacts(build),
          build === undefined
            ? null
            : h('p', {}, h('a', { href: `#/apps/${app.id}` }, 'Back to the app')),
        );
      });
    });
    return h(
      'section',
      {},
      h('h1', { id: 'upload-heading' }, `Upload a build of ${app.name}`),
      h(
        'p',
        {},
        'The service extracts the identity from the file and verifies its signatures; check a file first with ',
        h('code', {}, 'npm run inspect -- FILE'),
        '.',
      ),
      form,
    );
  },
};
