import { h, replace } from './dom.mjs';
import { activityPage } from './pages/activity.mjs';
import { appPage, appsPage } from './pages/apps.mjs';
import { auditPage } from './pages/audit.mjs';
import { buildPage } from './pages/build.mjs';
import { deploymentsPage } from './pages/deployments.mjs';
import { invitationPage } from './pages/invitation.mjs';
import { organisationPage, organisationsPage } from './pages/organisations.mjs';
import { queuePage, submissionPage } from './pages/review.mjs';
import { signInPage } from './pages/sign-in.mjs';
import { tokensPage } from './pages/tokens.mjs';
import { uploadPage } from './pages/upload.mjs';
import { type Page, type Route, navigate, render } from './router.mjs';
import {
  isVendorAdmin,
  isVendorStaff,
  loadSession,
  partnerMemberships,
  session,
  signOut,
} from './session.mjs';
import { refusalBox } from './ui.mjs';

const ID = '([0-9a-fA-F-]{36})';

const routes: Route[] = [
  { pattern: /^\/apps$/, page: appsPage },
  { pattern: new RegExp(`^/apps/${ID}$`), page: appPage },
  { pattern: new RegExp(`^/apps/${ID}/upload$`), page: uploadPage },
  { pattern: new RegExp(`^/builds/${ID}$`), page: buildPage },
  { pattern: /^\/queue$/, page: queuePage },
  { pattern: new RegExp(`^/review/${ID}$`), page: submissionPage },
  { pattern: /^\/deployments$/, page: deploymentsPage },
  { pattern: /^\/audit$/, page: auditPage },
  { pattern: /^\/organisations$/, page: organisationsPage },
  { pattern: new RegExp(`^/organisations/${ID}$`), page: organisationPage },
  { pattern: new RegExp(`^/organisations/${ID}/tokens$`), page: tokensPage },
  { pattern: /^\/activity$/, page: activityPage },
];

const INVITATION_PATH = '/portal/invitation';

function homePath(): string {
  return isVendorStaff() ? '/queue' : '/apps';
}

const home: Page = {
  title: 'Tessera',
  render() {
    navigate(homePath());
    return Promise.resolve(h('p', {}, 'Opening…'));
  },
};

function navLinks(): [string, string][] {
  const links: [string, string][] = [];
  if (isVendorStaff()) links.push(['/queue', 'Review queue']);
  links.push(['/apps', 'Apps']);
  for (const m of partnerMemberships()) {
    links.push([`/organisations/${m.organisationId}/tokens`, 'API tokens']);
  }
  links.push(['/activity', 'Activity']);
  if (isVendorStaff()) links.push(['/deployments', 'Deployments'], ['/audit', 'Audit log']);
  if (isVendorAdmin()) links.push(['/organisations', 'Organisations']);
  return links;
}

function renderChrome(): void {
  const nav = document.getElementById('nav');
  const account = document.getElementById('account');
  if (nav === null || account === null) return;
  const current = session();
  if (current === undefined) {
    replace(nav);
    replace(account);
    return;
  }
  replace(
    nav,
    h(
      'ul',
      {},
      ...navLinks().map(([path, label]) => h('li', {}, h('a', { href: `#${path}` }, label))),
    ),
  );
  const button = h('button', { type: 'button', class: 'link-button' }, 'Sign out');
  button.addEventListener('click', () => {
    void signOut().then(start);
  });
  const org = current.memberships.map((m) => `${m.organisationName} (${m.role})`).join(', ');
  replace(
    account,
    h('span', {}, current.user.displayName),
    h('span', { class: 'muted' }, org),
    button,
  );
}

async function start(): Promise<void> {
  const main = document.getElementById('main');
  try {
    if (location.pathname === INVITATION_PATH) return await startInvitation();
    const current = await loadSession();
    renderChrome();
    if (current === undefined) {
      await render(
        [],
        signInPage(() => void start()),
      );
      return;
    }
    await render(routes, home);
  } catch (error) {
    if (main !== null) replace(main, refusalBox(error));
  }
}

async function startInvitation(): Promise<void> {
  const token = location.hash.slice(1);
  // Keep the secret out of the address bar and history once it has been read.
  history.replaceState(null, '', INVITATION_PATH);
  renderChrome();
  const page = invitationPage(token, () => location.replace('/portal/#/apps'));
  await render([], page);
}

window.addEventListener('hashchange', () => {
  if (session() !== undefined) void render(routes, home);
});

void start();
