import { ApiError } from './api.mjs';
import { type Child, h } from './dom.mjs';

/** A service message as a sentence: capital first letter, closing full stop. */
export function sentence(message: string): string {
  const trimmed = message.trim();
  if (trimmed === '') return trimmed;
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/**
 * Refusals a person meets in normal use, in plainer words than the service's terse message.
 * Every other code shows the service's own message as a sentence.
 */
const PLAIN_WORDS: Readonly<Record<string, string>> = {
  SIGN_IN_FAILED: 'The e-mail address or password is wrong.',
};

/** A refusal read first as a sentence, with the service's exact code small beside it. */
export function refusalText(code: string, message: string): HTMLElement {
  return h(
    'span',
    { class: 'refusal-text' },
    h('span', { class: 'refusal-message' }, PLAIN_WORDS[code] ?? sentence(message)),
    ' ',
    h('code', { class: 'refusal-code', title: 'Refusal code' }, code),
  );
}

/** A refusal shown with the service's own message and code, so the reader knows exactly why. */
export function refusalBox(error: unknown): HTMLElement {
  if (error instanceof ApiError) {
    return h(
      'div',
      { class: 'refusal', role: 'alert' },
      h('p', {}, refusalText(error.code, error.message)),
      error.requestId === undefined
        ? null
        : h('p', { class: 'muted small' }, `Request ${error.requestId}`),
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return h('div', { class: 'refusal', role: 'alert' }, h('p', {}, sentence(message)));
}

/**
 * A confirmation after an action: announced (aria-live) and focusable, so the page that
 * re-renders after the action tells the reader what happened. The router focuses it.
 */
export function notice(...children: Child[]): HTMLElement {
  return h(
    'div',
    { class: 'ok notice', role: 'status', 'aria-live': 'polite', tabindex: -1, 'data-focus': true },
    ...children,
  );
}

export interface Column<T> {
  readonly label: string;
  readonly cell: (row: T) => Child;
  readonly numeric?: boolean;
}

/** A data table with a caption and column headers; an empty list says so in words. */
export function table<T>(
  caption: string,
  columns: readonly Column<T>[],
  rows: readonly T[],
  empty = `${caption}: none yet.`,
): Node {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  const head = h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, c.label)));
  const body = rows.map((row) =>
    h(
      'tr',
      {},
      ...columns.map((c) => h('td', c.numeric === true ? { class: 'num' } : {}, c.cell(row))),
    ),
  );
  return h(
    'div',
    { class: 'table-wrap' },
    h('table', {}, h('caption', {}, caption), h('thead', {}, head), h('tbody', {}, ...body)),
  );
}

/** A labelled form control; the label is tied to the control by id. */
export function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint?: string,
): HTMLElement {
  const hintId = hint === undefined ? undefined : `${control.id}-hint`;
  if (hintId !== undefined) control.setAttribute('aria-describedby', hintId);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: control.id }, label),
    hintId === undefined ? null : h('p', { class: 'hint', id: hintId }, hint),
    control,
  );
}

/** A review state as a word with a matching badge colour. */
export function stateBadge(state: string): HTMLElement {
  return h('span', { class: `badge badge-${state.replace(/[^a-z_]/g, '')}` }, state);
}

export function link(href: string, text: Child): HTMLAnchorElement {
  return h('a', { href }, text);
}

/** Runs a form's submit handler with the button disabled and any refusal shown in `status`. */
export function onSubmit(
  form: HTMLFormElement,
  status: HTMLElement,
  handler: (data: FormData) => Promise<void>,
): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
    if (button !== null) button.disabled = true;
    status.replaceChildren();
    handler(new FormData(form))
      .catch((error: unknown) => status.replaceChildren(refusalBox(error)))
      .finally(() => {
        if (button !== null) button.disabled = false;
      });
  });
}

/** A form field value as text ('' when absent). */
export function text(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/** A form field value exactly as typed (passwords are not trimmed). */
export function raw(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}
