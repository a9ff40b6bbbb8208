// The preview's review mode in a real browser: Debian's chromium, driven headless by
// playwright-core. A reviewer's session in miniature: open the French preview, click the card's
// title on the page, see its English source beside the translation, try a translation with a
// placeholder the English lacks and see it refused (nothing written), then edit it, approve it
// with a name, and see the language file and the page change.
//
// Run by ./run, which finds the release binary (LEAFPRESS_BIN) and where screenshots go
// (LEAFPRESS_SCREENSHOTS): review.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { WAIT, atEnd, sandbox, screenshots, startPreview } from './session.mjs';

// Clicks the middle of the first line of the text `key` on the page in `figure`, where a
// reviewer would: the page's words lie over it, so the click goes to the page, which finds the
// text by its place.
async function clickText(page, figure, key) {
  const area = figure.locator(`.area[data-key="${key}"]`).first();
  await area.waitFor({ state: 'attached', ...WAIT });
  const box = await area.boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

test('a reviewer clicks a text, edits it, approves it, and the file and page change', async () => {
  const project = sandbox();
  const original = project.read('content/fr.toml');
  const url = await startPreview(project.dir, 'fr');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  atEnd(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${url}?lang=fr&layout=card`);
  const front = page.locator('figure.page[data-column="lang"]').first();
  await front.locator('.text-layer span', { hasText: 'Numéros utiles' }).first().waitFor(WAIT);
  await page.locator('#review-tip').waitFor({ state: 'visible', ...WAIT });

  // The panel: the English source, read only, beside the translation to edit.
  await clickText(page, front, 'card.title');
  const panel = page.locator('#review');
  await panel.waitFor({ state: 'visible', ...WAIT });
  assert.equal(await page.locator('#review-key').innerText(), 'card.title');
  assert.equal(await page.locator('#review-source').innerText(), 'Useful numbers');
  assert.equal(await page.locator('#review-text').inputValue(), 'Numéros utiles');
  assert.equal(await page.locator('#review-state').innerText(), 'translated, not reviewed');
  assert.equal(await front.locator('.area.selected[data-key="card.title"]').count() > 0, true);

  // A write without the session's token is refused, even from the page itself.
  const forged = await page.evaluate(async () => (await fetch('/review', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ lang: 'fr', key: 'card.title', text: 'Forged', approve: false }),
  })).status);
  assert.equal(forged, 403);

  // A placeholder the English does not have: refused, with the reason, and nothing written.
  await page.locator('#review-text').fill('Numéros {tel:police}');
  await page.locator('#review-save').click();
  const message = page.locator('#review-message.error');
  await message.waitFor(WAIT);
  assert.match(await message.innerText(), /Not saved: nothing was written\./);
  assert.match(await message.innerText(), /Unit card\.title: the translation has \{tel:police\}, which the English does not/);
  assert.equal(project.read('content/fr.toml'), original, 'the file is unchanged');

  // Approving asks for the reviewer's name first.
  await page.locator('#review-text').fill('Numéros pratiques');
  await page.locator('#review-name').fill('');
  await page.locator('#review-approve').click();
  await page.locator('#review-message.error', { hasText: 'Type your name first' }).waitFor(WAIT);
  assert.equal(project.read('content/fr.toml'), original);

  await page.locator('#review-name').fill('Camille Testeur');
  await page.locator('#review-approve').click();
  await page.locator('#review-message.ok', { hasText: 'Approved by Camille Testeur' }).waitFor(WAIT);
  assert.equal(await page.locator('#review-state').innerText(), 'reviewed by Camille Testeur');
  const written = project.read('content/fr.toml');
  assert.match(written, /^title = "Numéros pratiques"$/m);
  assert.match(written, /^"card\.title" = \{ state = "reviewed", by = "Camille Testeur" \}$/m);
  assert.equal(await page.evaluate(() => localStorage.getItem('leafpress-reviewer')), 'Camille Testeur');

  // The page shows the new text, without a reload.
  await front.locator('.text-layer span', { hasText: 'pratiques' }).first().waitFor(WAIT);
  await page.locator('.status', { hasText: 'Up to date' }).waitFor(WAIT);
  // On a loaded machine the bundled fonts may take a while to arrive.
  await page.screenshot({ path: join(screenshots, 'review.png'), timeout: 90_000 });
});
