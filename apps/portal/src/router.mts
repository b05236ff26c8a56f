import { h, replace } from './dom.mjs';
import { refusalBox } from './ui.mjs';

/** A page: a title, and a function that builds its content from the route's parameters. */
export interface Page {
  readonly title: string;
  readonly render: (params: readonly string[], query: URLSearchParams) => Promise<Node>;
}

export interface Route {
  readonly pattern: RegExp;
  readonly page: Page;
}

/** The part of the location hash that names a page, e.g. `#/apps/1?x=y` → `/apps/1`. */
export function currentPath(): { path: string; query: URLSearchParams } {
  const hash = location.hash.startsWith('#') ? location.hash.slice(1) : '';
  const [path = '', query = ''] = hash.split('?', 2);
  return { path: path === '' ? '/' : path, query: new URLSearchParams(query) };
}

export function navigate(path: string): void {
  if (location.hash === `#${path}`) void render(lastRoutes, lastFallback);
  else location.hash = path;
}

let lastRoutes: readonly Route[] = [];
let lastFallback: Page | undefined;
let renderCount = 0;

/** Renders the page for the current hash into `<main>` and moves focus to its heading. */
export async function render(routes: readonly Route[], fallback: Page | undefined): Promise<void> {
  lastRoutes = routes;
  lastFallback = fallback;
  const main = document.getElementById('main');
  if (main === null) return;
  const { path, query } = currentPath();
  const ticket = ++renderCount;
  let page = fallback;
  let params: string[] = [];
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (match === null) continue;
    page = route.page;
    params = match.slice(1).map((part) => decodeURIComponent(part));
    break;
  }
  if (page === undefined) return;

  main.setAttribute('aria-busy', 'true');
  let content: Node;
  try {
    content = await page.render(params, query);
  } catch (error) {
    content = h('section', {}, h('h1', {}, page.title), refusalBox(error));
  }
  // A later navigation won the race: drop this page.
  if (ticket !== renderCount) return;
  replace(main, content);
  main.removeAttribute('aria-busy');
  const heading = main.querySelector('h1');
  document.title = `${heading?.textContent ?? page.title} · Tessera`;
  // A confirmation of what the reader just did takes focus before the page itself.
  (main.querySelector<HTMLElement>('[data-focus]') ?? main).focus();
  markCurrent(path);
}

function markCurrent(path: string): void {
  for (const anchor of document.querySelectorAll<HTMLAnchorElement>('#nav a')) {
    const target = anchor.getAttribute('href')?.slice(1) ?? '';
    const current = path === target || (target !== '/' && path.startsWith(`${target}/`));
    if (current) anchor.setAttribute('aria-current', 'page');
    else anchor.removeAttribute('aria-current');
  }
}
