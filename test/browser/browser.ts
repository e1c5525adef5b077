import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { currentCode } from '../../src/platform/auth/totp.js';
import { TEST_PASSWORD, type TestApp } from '../support/app.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Watches a page for content-security-policy violations and script errors: pages must run clean under the real CSP. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

/** Runs axe-core's WCAG 2.0–2.2 A and AA rules on the current page and fails on any violation. */
export async function expectAccessible(page: Page): Promise<void> {
  // Evaluated through the DevTools protocol, so the page's CSP stays on while axe runs.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const result = await (window as unknown as { axe: { run: (ctx: Document, o: unknown) => Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> } }).axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
  }, WCAG_TAGS);
  expect(violations, `axe violations on ${page.url()}`).toEqual([]);
}

/** The sign-in page object. */
export class SignInPage {
  constructor(private readonly page: Page, private readonly base: string) {}

  async signIn(username: string, totpSecret: string) {
    await this.page.goto(`${this.base}/sign-in`);
    await this.page.fill('#username', username);
    await this.page.fill('#password', TEST_PASSWORD);
    await this.page.click('[data-qa=sign-in]');
    await this.page.waitForURL(/second-factor/);
    await this.page.fill('#code', currentCode(totpSecret));
    await this.page.click('[data-qa=submit-code]');
    await expect.poll(() => this.page.locator('[data-qa=signed-in-as]').count()).toBe(1);
  }
}

let signIns = 0;

/**
 * A fresh browser context signed in as a new user with these roles, watched for CSP problems. One-time codes work
 * once per 30-second step, so every sign-in is a new user.
 */
export async function signedInPage(app: TestApp, browser: Browser, roles: Parameters<TestApp['user']>[1], o: { personId?: string | null; prefix?: string; context?: BrowserContextOptions } = {}): Promise<{ page: Page; problems: string[]; username: string }> {
  const username = `${o.prefix ?? 'browser'}.${process.pid}.${++signIns}`;
  const { totpSecret } = await app.user(username, roles, o.personId ?? null);
  const page = await (await browser.newContext(o.context)).newPage();
  const problems = watchConsole(page);
  await new SignInPage(page, app.url).signIn(username, totpSecret);
  return { page, problems, username };
}
