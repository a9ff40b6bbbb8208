// The live preview in a real browser: Debian's chromium, driven headless by playwright-core.
// A translator's session in miniature: open the French preview, save a new title and watch it
// appear on the page without a reload, save a broken file and see the error over the last good
// pages, fix it. Also: the server answers nothing outside its routes, and only on loopback.
//
// Run by ./run, which finds the release binary (LEAFPRESS_BIN) and where screenshots go
// (LEAFPRESS_SCREENSHOTS).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { WAIT, atEnd, sandbox, screenshots, startPreview } from './session.mjs';

// Sends one request exactly as written (a browser or fetch would tidy `..` away).
function rawGet(host, port, path) {
  return new Promise((resolvePromise, reject) => {
    const socket = connect({ host, port }, () => {
      socket.write(`GET ${path} HTTP/1.0\r\nHost: ${host}:${port}\r\n\r\n`);
    });
    let answer = '';
    socket.on('data', (chunk) => { answer += chunk; });
    socket.on('end', () => resolvePromise(Number(answer.split(' ')[1])));
    socket.on('error', reject);
  });
}

// Whether anything answers on `host`:`port`.
function answers(host, port) {
  return new Promise((resolvePromise) => {
    const socket = connect({ host, port, timeout: 2000 }, () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.on('error', () => resolvePromise(false));
    socket.on('timeout', () => { socket.destroy(); resolvePromise(false); });
  });
}

// The words on a page of the chosen layout, in the language's column, from its text layer.
async function pageWords(page, n) {
  return page.locator(`figure.page[data-column="lang"]`).nth(n - 1).locator('.text-layer').innerText();
}

test('a translator sees a saved text appear, and a broken file keep the last pages', async () => {
  const project = sandbox();
  const url = await startPreview(project.dir, 'fr');
  const { hostname, port } = new URL(url);
  assert.equal(hostname, '127.0.0.1', 'the preview listens on loopback');

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  atEnd(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  // Loads of the document: a reload would be a second one. (Choosing a layout changes the
  // address in place, which is no load.)
  let navigations = 0;
  page.on('load', () => { navigations += 1; });
  await page.goto(`${url}?lang=fr&layout=pocket`);
  assert.equal(navigations, 1);

  // The leaflet's cover, in French beside English.
  const cover = page.locator('figure.page[data-column="lang"]').first();
  await cover.locator('.text-layer span', { hasText: 'sécurité' }).first().waitFor(WAIT);
  const english = page.locator('figure.page[data-column="source"]').first();
  await english.locator('.text-layer span', { hasText: 'unsafe' }).first().waitFor(WAIT);
  const oldImage = await cover.locator('img').getAttribute('src');
  await page.evaluate(() => { window.__marker = 'set before the edit'; });

  // Save a new title; it appears on the cover without a reload.
  // Letters only: digits in a text are refused as a phone number typed in by hand.
  const marker = `Marqueterie${Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 6)}`;
  const original = project.read('content/fr.toml');
  const edited = original.replace(/^title = "Vous ne vous sentez[^\n]*$/m, `title = "Appelez ${marker}"`);
  assert.notEqual(edited, original, 'the French title line is where the test expects it');
  project.write('content/fr.toml', edited);
  await cover.locator('.text-layer span', { hasText: marker }).first().waitFor(WAIT);
  await page.waitForFunction(
    (old) => document.querySelector('figure.page[data-column="lang"] img')?.getAttribute('src') !== old,
    oldImage,
    WAIT,
  );
  assert.match(await pageWords(page, 1), new RegExp(marker));
  assert.equal(await page.evaluate(() => window.__marker), 'set before the edit', 'no reload');
  assert.equal(navigations, 1, 'no reload');

  // A TOML syntax error: the banner names the file and line; the pages stay.
  project.write('content/fr.toml', edited.replace('[leaflet]\n', '[leaflet\n'));
  const banner = page.locator('#banner');
  await banner.waitFor({ state: 'visible', ...WAIT });
  assert.match(await banner.innerText(), /content\/fr\.toml:\d+:\d+/);
  assert.match(await pageWords(page, 1), new RegExp(marker), 'the last good pages stay');
  assert.ok(await cover.locator('img').isVisible());
  await page.screenshot({ path: join(screenshots, 'preview-error.png') });

  // Fixed: the banner goes, the server kept running all along.
  project.write('content/fr.toml', edited);
  await banner.waitFor({ state: 'hidden', ...WAIT });
  await page.locator('.status', { hasText: 'Up to date' }).waitFor(WAIT);
  assert.equal(await page.evaluate(() => window.__marker), 'set before the edit');
  assert.equal(navigations, 1);

  // Every layout has a download link to its PDF.
  await page.locator('.tabs button', { hasText: 'trifold' }).click();
  await page.locator('.column-head a.pdf[href="/pdf/fr/trifold.pdf"]').waitFor(WAIT);
  await page.locator('.column-head a.pdf[href="/pdf/en/trifold.pdf"]').waitFor(WAIT);
  const pdf = await page.request.get(`${url}pdf/fr/trifold.pdf`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
  await page.locator('.tabs button', { hasText: 'pocket' }).click();
  await cover.locator('.text-layer span', { hasText: marker }).first().waitFor(WAIT);
  await page.screenshot({ path: join(screenshots, 'preview.png') });

  // Nothing outside the preview's own routes, however the path is written.
  for (const path of ['/../../etc/passwd', '/page/../Cargo.toml', '/page/fr/../../../etc/passwd',
    '/content/fr.toml', '/pdf/fr/../../Cargo.toml', '/nothing']) {
    assert.equal(await rawGet(hostname, port, path), 404, path);
  }
  assert.equal(await rawGet(hostname, port, '/page/fr/pocket/1.svg'), 200);
  // Bound to loopback: other addresses of this machine do not answer.
  const outside = Object.values(networkInterfaces()).flat().find((i) => !i.internal && i.family === 'IPv4');
  if (outside) assert.equal(await answers(outside.address, port), false, `not on ${outside.address}`);
});
