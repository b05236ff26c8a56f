import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  type AndroidDevRoot,
  createAndroidDevRoot,
} from '../../../libs/attestation/testing/android-dev-device.js';
import { startTestService, type TestService } from '../../api/test/support/test-service.js';
import { launchChromium, newPerson, type Person, screenshot } from './support/browser.js';
import { DeviceTraffic } from './support/device-traffic.js';
import { invitationToken, SetupApi } from './support/setup-api.js';

const FIXTURES = resolve('apps/portal/test/fixtures');
const GOOD_APK = resolve(FIXTURES, 'golden-aligned-v1v2v3-out.apk');
const BROKEN_APK = resolve(FIXTURES, 'v2-only-with-ecdsa-sha256-p256-sig-does-not-verify.apk');
const PACKAGE = 'android.appsecurity.cts.tinyapp';
const PASSWORD = 'correct horse battery staple';

jest.setTimeout(180_000);

describe('portal in Chromium', () => {
  let service: TestService;
  let browser: Browser;
  let setup: SetupApi;
  let devices: DeviceTraffic;
  const people: Person[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    const devRoot: AndroidDevRoot = createAndroidDevRoot();
    service = await startTestService({
      env: {
        TESSERA_SECURE_COOKIES: 'false',
        TESSERA_TEST_ANDROID_ROOTS: devRoot.publicKey.export({
          type: 'spki',
          format: 'pem',
        }) as string,
      },
    });
    setup = new SetupApi(service);
    devices = new DeviceTraffic(service, devRoot);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.shutdown();
  });

  afterEach(() => {
    // No CSP violation, script error or console error on any page, for anyone.
    expect(people.flatMap((person) => person.problems)).toEqual([]);
  });

  async function person(): Promise<Page> {
    const created = await newPerson(browser, service.url);
    people.push(created);
    return created.page;
  }

  async function signIn(page: Page, email: string): Promise<void> {
    await page.goto('/portal/');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  async function acceptInvitation(page: Page, link: string, name: string): Promise<void> {
    await page.goto(`/portal/invitation#${invitationToken(link)}`);
    await page.getByLabel('Your name').fill(name);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  /** The admin invites someone from an organisation's page and reads the link shown once. */
  async function inviteFromPortal(page: Page, email: string, role: string): Promise<string> {
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Role').selectOption(role);
    await page.getByRole('button', { name: 'Create invitation' }).click();
    const link = await page.getByLabel('Invitation link').inputValue();
    expect(link).toMatch(/\/portal\/invitation#.+/);
    // The list shows the new invitation at once, the link stays, and the form is ready again.
    const invitations = page.getByRole('table', { name: 'Invitations' });
    await invitations.getByRole('row', { name: new RegExp(email.replace('.', '\\.')) }).waitFor();
    expect(await page.getByLabel('E-mail').inputValue()).toBe('');
    expect(await page.getByLabel('Invitation link').inputValue()).toBe(link);
    return link;
  }

  let appId = '';

  it('takes a build from invitation to approval, and hides it from another partner', async () => {
    const vendor = await setup.organisation('Vendor', 'vendor');
    await setup.user(vendor, 'admin@vendor.test', 'admin', PASSWORD);

    // The vendor admin signs in, adds a partner and invites its developer and a reviewer.
    const admin = await person();
    await signIn(admin, 'admin@vendor.test');
    await admin.getByRole('link', { name: 'Organisations' }).click();
    await admin.getByLabel('Name').fill('Acme Apps');
    await admin.getByLabel('Kind').selectOption('partner');
    await admin.getByRole('button', { name: 'Add organisation' }).click();
    await admin.getByRole('heading', { name: 'Acme Apps' }).waitFor();
    const partnerLink = await inviteFromPortal(admin, 'dev@acme.test', 'admin');
    await screenshot(admin, '01-admin-invites-partner');
    await admin.getByRole('link', { name: 'Organisations' }).click();
    await admin.getByRole('link', { name: 'Vendor' }).click();
    const reviewerLink = await inviteFromPortal(admin, 'reviewer@vendor.test', 'reviewer');

    // The partner signs up through the link and registers the app.
    const partner = await person();
    await acceptInvitation(partner, partnerLink, 'Dana Developer');
    expect(new URL(partner.url()).hash).toBe('#/apps');
    await partner.getByLabel('Name', { exact: true }).fill('Tiny app');
    // Only the chosen platform's fields show.
    expect(await partner.getByLabel('Apple team id').isVisible()).toBe(false);
    await partner.getByLabel('Platform').selectOption('ios');
    await partner.getByLabel('Apple team id').waitFor();
    expect(await partner.getByLabel('Android package name').isVisible()).toBe(false);
    await screenshot(partner, '01b-partner-registers-ios-fields');
    await partner.getByLabel('Platform').selectOption('android');
    expect(await partner.getByLabel('Bundle id').isVisible()).toBe(false);
    await partner.getByLabel('Android package name').fill(PACKAGE);
    await partner.getByRole('button', { name: 'Register app' }).click();
    await partner.getByRole('heading', { name: /Tiny app/ }).waitFor();
    appId = /#\/apps\/([0-9a-f-]{36})$/.exec(partner.url())?.[1] ?? '';
    expect(appId).not.toBe('');

    // A build whose signature does not verify is refused, with the reason in words.
    await partner.getByRole('link', { name: 'Upload a build' }).click();
    await upload(partner, BROKEN_APK);
    const refusal = partner.getByRole('alert');
    await refusal.waitFor();
    // A sentence first, the exact code small beside it.
    expect(await refusal.locator('.refusal-message').textContent()).toMatch(/^[A-Z].*\.$/);
    expect(await refusal.locator('.refusal-code').textContent()).toMatch(/^[A-Z][A-Z0-9_]+$/);
    await screenshot(partner, '02-partner-upload-refused');

    // A real, correctly signed APK is accepted and waits for review.
    await upload(partner, GOOD_APK);
    await partner.getByText('Uploaded: the build awaits review.').waitFor();
    expect(await partner.locator('#upload-progress').getAttribute('value')).toBe('100');
    expect(await partner.locator('#upload-progress-text').textContent()).toMatch(/^100%/);
    await screenshot(partner, '03-partner-upload-accepted');

    // The reviewer joins, finds the build in the queue and approves it.
    const reviewer = await person();
    await acceptInvitation(reviewer, reviewerLink, 'Rae Reviewer');
    await reviewer.getByRole('link', { name: 'Review queue' }).click();
    await reviewer.getByRole('link', { name: 'golden-aligned-v1v2v3-out.apk' }).click();
    await reviewer.getByText('FIRST_SUBMISSION').waitFor();
    await reviewer.getByText(PACKAGE).first().waitFor();
    await screenshot(reviewer, '04-reviewer-submission');
    await reviewer.getByLabel('Approve').check();
    await reviewer.getByLabel('Note').fill('Signatures verified, identity as declared.');
    await reviewer.getByRole('button', { name: 'Record decision' }).click();
    await reviewer.getByText('Signatures verified, identity as declared.').first().waitFor();

    // The decision is confirmed in words, focused, with the way back to the (now empty) queue.
    const outcome = reviewer.getByRole('status').filter({ hasText: 'note recorded' });
    expect(await outcome.textContent()).toMatch(
      new RegExp(`^Approved build \\d+ of ${PACKAGE.replaceAll('.', '\\.')} — note recorded`),
    );
    expect(await reviewer.evaluate<string | null>(FOCUSED_TEXT)).toBe(await outcome.textContent());
    await screenshot(reviewer, '04b-reviewer-decision-recorded');
    await outcome.getByRole('link', { name: 'Back to the review queue' }).click();
    await reviewer.getByText('No builds waiting for review.').waitFor();

    // The admin is offered only what the approved app allows: revoking it.
    await admin.goto(`/portal/#/apps/${appId}`);
    const decisions = admin.getByLabel('Decision', { exact: true });
    await decisions.waitFor();
    expect(await decisions.locator('option').allTextContents()).toEqual([
      'Revoke the app (stops every installation)',
    ]);

    // The partner sees the build and the app approved.
    await partner.goto(`/portal/#/apps/${appId}`);
    const builds = partner.getByRole('table', { name: 'Builds, newest first' });
    await builds.getByRole('row', { name: /golden-aligned-v1v2v3-out\.apk.*approved/ }).waitFor();
    await builds.getByRole('row', { name: /sig-does-not-verify\.apk.*refused/ }).waitFor();
    await partner.getByRole('heading', { level: 1, name: /approved/ }).waitFor();
    await screenshot(partner, '05-partner-sees-approved');
    await partner.getByRole('link', { name: 'Activity' }).click();
    const counts = partner.getByRole('table', { name: 'Attestation counts per app' });
    await counts.getByRole('row', { name: /Tiny app\s+0\s+0\s+0/ }).waitFor();

    // A phone with the approved app enrols (a token issued), then a forged refresh is refused.
    await devices.enrolAndForgeRefresh(appId);
    await partner.reload();
    // Active, revoked, enrolments, tokens issued, refusals.
    await counts.getByRole('row', { name: /Tiny app\s+1\s+0\s+1\s+1\s+1$/ }).waitFor();
    const reasons = partner.getByRole('table', { name: /Refusals by reason/ });
    await reasons.getByRole('row', { name: /REFRESH_PROOF_INVALID\s+1/ }).waitFor();
    expect(
      await partner.getByRole('img', { name: /Tokens issued.*: 1 tokens issued in total/ }).count(),
    ).toBe(1);
    expect(await partner.getByRole('img', { name: /refused.*: 1 refusals in total/ }).count()).toBe(
      1,
    );
    await screenshot(partner, '05b-partner-activity');

    // The audit log shows the decisions and its chain verifies.
    await admin.getByRole('link', { name: 'Audit log' }).click();
    await admin.getByRole('button', { name: 'Verify the chain' }).click();
    await admin.getByText(/The chain verifies: \d+ entries checked/).waitFor();
    await screenshot(admin, '06-admin-audit-verified');
  });

  it('lets a second partner sign in by keyboard alone, and shows it nothing of the first', async () => {
    const other = await setup.organisation('Other Partner', 'partner');
    await setup.user(other, 'dev@other.test', 'admin', PASSWORD);
    const page = await person();
    await page.goto('/portal/');
    await page.getByRole('heading', { name: 'Sign in to Tessera' }).waitFor();

    // A wrong password reads as a sentence, the code beside it.
    await page.getByLabel('E-mail').fill('dev@other.test');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.locator('.refusal-message').textContent()).toBe(
      'The e-mail address or password is wrong.',
    );
    expect(await refusal.locator('.refusal-code').textContent()).toBe('SIGN_IN_FAILED');
    await screenshot(page, '07a-wrong-password');
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Tessera' }).waitFor();

    // Each page moves focus to its content; Tab reaches e-mail, password, then Enter submits.
    await page.keyboard.press('Tab');
    expect(await focusedLabel(page)).toBe('E-mail');
    expect(await focusOutline(page)).not.toBe('none');
    await page.keyboard.type('dev@other.test');
    await page.keyboard.press('Tab');
    expect(await focusedLabel(page)).toBe('Password');
    await page.keyboard.type(PASSWORD);
    await screenshot(page, '07-keyboard-sign-in');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    await page.getByRole('heading', { name: 'Apps', level: 1 }).waitFor();
    expect(await page.getByText('Tiny app').count()).toBe(0);
    await page.goto(`/portal/#/apps/${appId}`);
    await page.getByText('NOT_FOUND').waitFor();
    expect(await page.getByText(PACKAGE).count()).toBe(0);
    await screenshot(page, '08-other-partner-not-found');

    // The same holds for the JSON the pages read, with this partner's own session cookie.
    for (const path of [`/v1/apps/${appId}/builds`, `/v1/portal/apps/${appId}/activity`]) {
      const res = await page.request.get(path);
      expect([path, res.status()]).toEqual([path, 404]);
    }
  });

  it('lets an existing account accept an invitation by signing in, never by the link alone', async () => {
    const first = await setup.organisation('First Partner', 'partner');
    const second = await setup.organisation('Second Partner', 'partner');
    const third = await setup.organisation('Third Partner', 'partner');
    await setup.user(first, 'both@first.test', 'admin', PASSWORD);
    const page = await person();

    // The new-account form takes no password for an address that has an account.
    await page.goto(
      `/portal/invitation#${await setup.invite(second, 'both@first.test', 'developer')}`,
    );
    await page.getByLabel('Your name').fill('Both');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await page.getByText('INVITATION_NEEDS_SIGN_IN').waitFor();

    // Signing in (with the lockout of every sign-in) and accepting, in one step.
    await page.getByLabel('Your password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in and accept' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // Already signed in as the invited address: one button.
    await page.goto(`/portal/invitation#${await setup.invite(third, 'both@first.test', 'admin')}`);
    await page.getByRole('heading', { name: 'Signed in as both@first.test' }).waitFor();
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    const session = (await (await page.request.get('/v1/session')).json()) as {
      memberships: { organisationName: string }[];
    };
    expect(session.memberships.map((m) => m.organisationName).sort()).toEqual([
      'First Partner',
      'Second Partner',
      'Third Partner',
    ]);
  });
});

async function upload(page: Page, file: string): Promise<void> {
  await page.getByLabel('Build file (APK, AAB or IPA)').setInputFiles(file);
  await page.getByRole('button', { name: 'Upload' }).click();
}

// These run in the page; they are strings because the test program has no DOM types.
const FOCUSED_LABEL = `(() => {
  const element = document.activeElement;
  if (element instanceof HTMLInputElement) return element.labels?.[0]?.textContent ?? null;
  return element?.textContent ?? null;
})()`;
const FOCUSED_TEXT = 'document.activeElement?.textContent ?? null';
const FOCUS_OUTLINE = `(() => {
  const element = document.activeElement;
  return element === null ? 'none' : getComputedStyle(element).outlineStyle;
})()`;

/** The accessible label of the focused element: its <label>, or its text for links. */
function focusedLabel(page: Page): Promise<string | null> {
  return page.evaluate<string | null>(FOCUSED_LABEL);
}

function focusOutline(page: Page): Promise<string> {
  return page.evaluate<string>(FOCUS_OUTLINE);
}
