import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantClearance, seedPeople, seedPosts } from '../../src/modules/vetting/compliance/test/fixtures.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectAccessible, launch, signedInPage } from './browser.js';

let app: TestApp;
let browser: Browser;
let ids: Record<string, string>;

const signedIn = (roles: Parameters<TestApp['user']>[1], personId: string | null = null, viewport?: { width: number; height: number }) =>
  signedInPage(app, browser, roles, { personId, prefix: 'compliance', context: viewport ? { viewport, isMobile: true, hasTouch: true } : {} });

beforeAll(async () => {
  app = await startTestApp();
  browser = await launch();
  await seedPosts(app);
  ids = await seedPeople(app, [
    { payroll: 'P1', forenames: 'Arlowen', surname: 'Quillfeather', unit: 'CCU', post: 'PST-A' },
    { payroll: 'P2', forenames: 'Bexley', surname: 'Marrowby', unit: 'RESP', post: 'PST-B', type: 'staff' },
    { payroll: 'P3', forenames: 'Corvina', surname: 'Ashgrove', unit: 'CCU', post: 'PST-C' },
    { payroll: 'P6', forenames: 'Fenwick', surname: 'Holloway', unit: 'RESP', post: 'PST-E' },
  ]);
  await grantClearance(app.db, ids.P1!, 'RV', { expiresInDays: 2000 });
  await grantClearance(app.db, ids.P6!, 'RV', { decidedDaysAgo: 3630, expiresInDays: 20 });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('compliance and change of circumstances in the browser (axe-core on every page)', () => {
  it('lets a member of staff declare a change on a phone and see its status', async () => {
    const { page, problems } = await signedIn(['staff'], ids.P2!, { width: 375, height: 740 });
    await expectAccessible(page);
    await page.click('[data-qa=my-circumstances]');
    await expectAccessible(page);
    await page.click('[data-qa=new-declaration]');
    await expectAccessible(page);
    await page.click('[data-qa=send-declaration]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Choose what has changed');
    await expectAccessible(page);
    await page.check('text=Financial difficulty');
    await page.fill('#occurredOn', '03/11/2026');
    await page.fill('#details', 'A county court judgment for an unpaid energy bill, now being repaid monthly.');
    await page.click('[data-qa=send-declaration]');
    await expect.poll(() => page.locator('[data-qa=declaration-status]').textContent()).toBe('Received by the vetting unit');
    await expectAccessible(page);
    // Nothing runs off the side of a phone screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('takes a declaration through risk assessment to its outcome', async () => {
    const researcher = await signedIn(['vetting_researcher']);
    await researcher.page.goto(`${app.url}/vetting/circumstances`);
    await expectAccessible(researcher.page);
    await researcher.page.click('[data-qa=declarations] a');
    await expectAccessible(researcher.page);
    await researcher.page.click('[data-qa=save-assessment]');
    await expect.poll(() => researcher.page.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(researcher.page);
    await researcher.page.check('#riskLevel-2');
    await researcher.page.fill('#rationale', 'A single debt, declared promptly and being repaid: moderate financial vulnerability.');
    await researcher.page.click('[data-qa=save-assessment]');
    await expect.poll(() => researcher.page.locator('[data-qa=risk-assessment]').textContent()).toContain('Medium');
    const url = researcher.page.url();
    const manager = await signedIn(['force_vetting_manager']);
    await expect.poll(() => manager.page.locator('[data-qa=compliance-card]').count()).toBe(1);
    await expectAccessible(manager.page);
    await manager.page.goto(url);
    await manager.page.check('text=Vetting review opened');
    await manager.page.fill('#note', 'Review the clearance in the light of the judgment.');
    await manager.page.click('[data-qa=record-outcome]');
    await expect.poll(() => manager.page.locator('[data-qa=outcome]').textContent()).toContain('Vetting review opened');
    await expectAccessible(manager.page);
    expect([...researcher.problems, ...manager.problems]).toEqual([]);
  });

  it('keeps the compliance pages accessible, with their filters', async () => {
    const { page, problems } = await signedIn(['force_vetting_manager']);
    for (const path of ['/vetting/compliance', '/vetting/compliance/postholders', '/vetting/compliance/under-vetted', '/vetting/compliance/no-clearance', '/vetting/compliance/expiring', '/vetting/compliance/backlog', '/vetting/compliance/expiring?days=0']) {
      await page.goto(app.url + path);
      await expectAccessible(page);
    }
    await page.goto(`${app.url}/vetting/compliance/postholders`);
    await page.selectOption('#status', 'under_vetted');
    await page.click('[data-qa=apply-filters]');
    await expect.poll(() => page.locator('[data-qa=result-count]').textContent()).toContain('1 person');
    expect(await page.locator('[data-qa=compliance-rows] tbody').textContent()).toContain('Quillfeather');
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });
});
