import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium; `.ci/run` installs it. The suite fails, never skips, without it. */
export const CHROMIUM = process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = resolve('test-artifacts/portal');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: install it (apt-get install -y chromium) ` +
        'or set TESSERA_CHROMIUM; the browser suite cannot run without it',
    );
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A user's own browser profile: cookies are not shared between people in the scenario. */
export interface Person {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors, CSP violations and uncaught exceptions seen on this person's pages. */
  readonly problems: string[];
}

export async function newPerson(browser: Browser, baseUrl: string): Promise<Person> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    // Refused calls (401 before sign-in, 404, 422) are expected; anything else is a problem.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    // Every page load asks for these; neither may be refused (a red line in every console).
    const path = new URL(response.url()).pathname;
    const noisy =
      path === '/favicon.ico' || path.endsWith('/favicon.svg') || path === '/v1/session';
    if (noisy && response.request().method() === 'GET' && response.status() >= 400) {
      problems.push(`refused: GET ${path} ${response.status()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { context, page, problems };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(ARTIFACTS, `${name}.png`), fullPage: true });
}
