// The catalogue `leafpress publish` writes, opened from disk in Debian's chromium (driven by
// playwright-core), as a clinic receptionist would from a USB stick: filter to one language,
// open a document, download its PDF; with JavaScript and without; by keyboard; and checked by
// axe-core for accessibility problems. Nothing may be loaded from anywhere but the disk.
//
// Run by ./run, which finds the release binary (LEAFPRESS_BIN) and where screenshots go
// (LEAFPRESS_SCREENSHOTS).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const repository = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const binary = process.env.LEAFPRESS_BIN ?? join(repository, 'target', 'release', 'leafpress');
const screenshots = process.env.LEAFPRESS_SCREENSHOTS ?? join(repository, 'target');
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const site = mkdtempSync(join(tmpdir(), 'leafpress-catalogue-'));
const url = (path) => pathToFileURL(join(site, path)).href;
let browser;

// Chromium's own PDF viewer, which shows a followed PDF link: part of the browser, not the site.
const PDF_VIEWER = 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/';

before(() => {
  // Two reviewed languages and a right-to-left draft; the booklet, the card sheet, the
  // tri-fold and the multilingual poster: every print mode and kind of printing step.
  execFileSync(binary, ['publish', '--project', repository, '--out', site,
    '--lang', 'en,nl,ar', '--layout', 'pocket,card-sheet,trifold,poster-multi'],
  { stdio: ['ignore', 'ignore', 'inherit'] });
});

after(async () => {
  await browser?.close();
  rmSync(site, { recursive: true, force: true });
});

// A page in chromium that fails the test if anything is requested from outside the site.
async function open(options = {}) {
  browser ??= await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, ...options });
  const page = await context.newPage();
  page.outside = [];
  page.on('request', (request) => {
    const address = request.url();
    if (!address.startsWith('file://') && !address.startsWith(PDF_VIEWER)) page.outside.push(address);
  });
  return page;
}

// The serious and critical problems axe-core finds on the page, one line each.
async function seriousProblems(page) {
  await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}, at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`);
}

// The SHA-256 the manifest gives for a file of the site.
function manifestSha(path) {
  const manifest = JSON.parse(readFileSync(join(site, 'manifest.json'), 'utf8'));
  return manifest.documents.find((d) => d.path === path)?.sha256;
}

test('a receptionist filters to Arabic, opens the pocket leaflet and downloads its A4 sheet', async () => {
  const page = await open();
  await page.goto(url('index.html'));
  await page.screenshot({ path: join(screenshots, 'catalogue-index.png'), fullPage: true });

  await page.locator('nav.filter a[data-filter="ar"]').click();
  assert.ok(await page.locator('section[data-lang="ar"]').isVisible(), 'Arabic is shown');
  assert.ok(await page.locator('section[data-lang="nl"]').isHidden(), 'Dutch is hidden');
  assert.ok(await page.locator('section[data-lang="multi"]').isVisible(), 'the multilingual poster stays');

  await page.locator('section[data-lang="ar"] a', { hasText: 'Pocket leaflet' }).click();
  await page.waitForURL(/\/en\/ar\/pocket\.html$/);
  assert.equal(await page.locator('ol.pages').getAttribute('dir'), 'rtl', 'pages run right to left');
  // Arabic script is set larger, on sixteen pages (layouts/pocket.typ).
  assert.equal(await page.locator('ol.pages img').count(), 16);
  assert.equal(await page.locator('ol.steps').nth(1).locator('li').count(), 6, 'six steps for the A4 sheet');
  await page.screenshot({ path: join(screenshots, 'catalogue-rtl.png'), fullPage: true });

  const link = page.locator('a.download', { hasText: 'pocket-a4.pdf' });
  const href = new URL(await link.getAttribute('href'), page.url()).href;
  // Headless chromium downloads a PDF, or shows it: either way it must be the file listed.
  const followed = await Promise.race([
    page.waitForEvent('download').then(async (download) => readFileSync(await download.path())),
    page.waitForURL(/\.pdf$/).then(() => readFileSync(fileURLToPath(page.url()))),
    link.click().then(() => new Promise(() => {})),
  ]);
  assert.equal(followed.subarray(0, 5).toString(), '%PDF-');
  assert.equal(createHash('sha256').update(followed).digest('hex'), manifestSha('pdf/ar/pocket-a4.pdf'));
  assert.equal(href, url('pdf/ar/pocket-a4.pdf'));
  assert.deepEqual(page.outside, [], 'nothing is loaded from elsewhere');
});

test('without JavaScript the filter opens a page of one language', async () => {
  const page = await open({ javaScriptEnabled: false });
  await page.goto(url('nl/index.html'));
  await page.locator('nav.filter a[data-filter="ar"]').click();
  await page.waitForURL(/\/nl\/lang-ar\.html$/);
  assert.equal(await page.locator('section[data-lang]').count(), 2, 'Arabic and the multilingual poster');
  assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
  await page.locator('section[data-lang="ar"] a', { hasText: 'Zakfolder' }).click();
  await page.waitForURL(/\/nl\/ar\/pocket\.html$/);
});

test('the keyboard reaches the skip link first, and it leads to the documents', async () => {
  const page = await open();
  await page.goto(url('en/index.html'));
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
});

test('axe-core finds no serious problem on the index, a filtered page and both kinds of document page', async () => {
  const page = await open();
  for (const path of ['index.html', 'nl/index.html', 'nl/lang-ar.html', 'nl/nl/pocket.html', 'en/ar/trifold.html', 'en/multi/poster-multi.html']) {
    await page.goto(url(path));
    if (path === 'nl/nl/pocket.html') {
      await page.screenshot({ path: join(screenshots, 'catalogue-ltr.png'), fullPage: true });
    }
    assert.deepEqual(await seriousProblems(page), [], path);
  }
});
