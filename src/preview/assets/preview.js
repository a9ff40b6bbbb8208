// leafpress preview: shows the pages the server lays out and swaps in new ones, in place,
// whenever it announces a new state on /events. The page never reloads itself, so that a
// translator keeps their place while they edit.
'use strict';

const $ = (id) => document.getElementById(id);

// What the page shows: the language and layout chosen, and whether a fetch is under way.
const view = { lang: null, layout: null, loading: false, again: false, state: null };

function init() {
  const params = new URLSearchParams(location.search);
  view.lang = params.get('lang');
  view.layout = params.get('layout');
  $('language').addEventListener('change', (event) => {
    view.lang = event.target.value;
    closeReview();
    refresh();
  });
  initReview();
  const events = new EventSource('/events');
  events.addEventListener('state', () => refresh());
  events.addEventListener('error', () => status('Lost touch with leafpress: is it still running?', 'offline'));
  refresh();
}

// Fetches the state and shows it; a call during a fetch makes that fetch run once more.
async function refresh() {
  if (view.loading) {
    view.again = true;
    return;
  }
  view.loading = true;
  try {
    do {
      view.again = false;
      // Naming the layout shown lets the server lay it out first after a save.
      const params = new URLSearchParams();
      if (view.lang) params.set('lang', view.lang);
      if (view.layout) params.set('layout', view.layout);
      const response = await fetch(`/state.json?${params}`, { cache: 'no-store' });
      if (!response.ok) throw new Error(`state.json: ${response.status}`);
      show(await response.json());
    } while (view.again);
  } catch (error) {
    status('Lost touch with leafpress: is it still running?', 'offline');
  } finally {
    view.loading = false;
  }
}

function show(state) {
  view.state = state;
  view.lang = state.lang;
  if (!state.layouts.some((l) => l.name === view.layout)) view.layout = state.layouts[0]?.name;
  const address = `?lang=${state.lang}&layout=${view.layout}`;
  if (location.search !== address) history.replaceState(null, '', address);
  showLanguages(state);
  showTabs(state);
  showBanner(state.error);
  showPages(state);
  showProblems(state);
  showReview(state);
  const waiting = state.layouts.some((l) => !l.doc || (!l.multi && state.lang !== state.source && !l.source));
  if (waiting || state.updating) status('Laying out the pages…', 'busy');
  else if (state.checking) status('Pages updated · checking them…', 'busy');
  else status(`Up to date${state.round_ms ? ` · last update ${Math.round(state.round_ms)} ms` : ''}`, '');
  document.body.dataset.generation = state.generation;
}

function status(text, kind) {
  const element = $('status');
  element.textContent = text;
  element.className = `status ${kind}`;
}

function language(state, code) {
  return state.languages.find((l) => l.code === code);
}

function showLanguages(state) {
  const select = $('language');
  const wanted = state.languages.map((l) => `${l.code}:${l.draft}`).join(',');
  if (select.dataset.list !== wanted) {
    select.replaceChildren(...state.languages.map((l) => {
      const label = l.code === state.source ? 'source' : l.draft ? 'draft' : 'reviewed';
      return new Option(`${l.english_name} — ${l.name} (${l.code}, ${label})`, l.code);
    }));
    select.dataset.list = wanted;
  }
  select.value = state.lang;
}

// Counts of errors and warnings by layout; content problems count for every layout.
function counts(state, layout) {
  const mine = state.problems.filter((p) => !p.layout || p.layout === layout);
  return {
    errors: mine.filter((p) => p.severity === 'error').length,
    warnings: mine.filter((p) => p.severity === 'warning').length,
  };
}

function showTabs(state) {
  const tabs = state.layouts.map((layout) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = layout.name;
    button.setAttribute('role', 'tab');
    button.setAttribute('aria-selected', String(layout.name === view.layout));
    button.dataset.layout = layout.name;
    const { errors } = counts(state, layout.name);
    if (errors) button.append(badge(errors, 'error'));
    button.addEventListener('click', () => {
      view.layout = layout.name;
      refresh();
    });
    return button;
  });
  $('layouts').replaceChildren(...tabs);
}

function badge(count, kind) {
  const element = document.createElement('span');
  element.className = `badge ${kind}`;
  element.textContent = count;
  element.title = `${count} ${kind}${count === 1 ? '' : 's'}`;
  return element;
}

function showBanner(error) {
  $('banner').hidden = !error;
  $('banner-text').textContent = error || '';
}

// The chosen layout's pages: the language's beside English's, page by page. Pages whose hash
// did not change keep their image; new ones are decoded before they replace the old.
function showPages(state) {
  const layout = state.layouts.find((l) => l.name === view.layout);
  const main = $('pages');
  if (!layout) return;
  const columns = [{ doc: layout.doc, head: columnHead(state, layout, layout.doc, false) }];
  if (!layout.multi && state.lang !== state.source) {
    columns.push({ doc: layout.source, head: columnHead(state, layout, layout.source, true) });
  }
  const key = `${state.lang}|${layout.name}`;
  let section = main.querySelector('section.doc');
  if (!section || section.dataset.key !== key) {
    section = document.createElement('section');
    section.className = 'doc';
    section.dataset.key = key;
    section.dataset.layout = layout.name;
    main.replaceChildren(section);
  }
  section.classList.toggle('two', columns.length === 2);
  const rows = Math.max(...columns.map((c) => c.doc?.pages.length ?? 0));
  const cells = [];
  for (const column of columns) cells.push(column.head);
  for (const column of columns) {
    if (column.doc?.error) cells.push(docError(column.doc));
  }
  const old = new Map([...section.querySelectorAll('figure.page')].map((f) => [f.dataset.slot, f]));
  for (let n = 0; n < rows; n += 1) {
    columns.forEach((column, c) => {
      const slot = `${c}:${n}`;
      const figure = old.get(slot) || pageFigure(slot, n);
      const page = column.doc?.pages[n];
      figure.classList.toggle('empty', !page);
      figure.dataset.column = c === 0 ? 'lang' : 'source';
      if (page) putPage(figure, page, column.doc, n, reviewable(state, layout));
      cells.push(figure);
    });
  }
  section.replaceChildren(...cells);
}

function columnHead(state, layout, doc, isSource) {
  const head = document.createElement('div');
  head.className = 'column-head';
  const title = document.createElement('h2');
  const tag = document.createElement('span');
  if (layout.multi) {
    title.textContent = 'Every language on one poster';
  } else {
    const lang = language(state, isSource ? state.source : state.lang);
    title.textContent = lang.name === lang.english_name ? lang.name : `${lang.english_name} — ${lang.name}`;
    title.lang = lang.code;
    tag.className = lang.code === state.source ? 'tag source' : lang.draft ? 'tag' : 'tag source';
    tag.textContent = lang.code === state.source ? 'source' : lang.draft ? 'draft' : 'reviewed';
  }
  head.append(title, tag);
  if (doc) {
    const link = document.createElement('a');
    link.href = doc.pdf;
    link.className = 'pdf';
    link.setAttribute('download', '');
    const errors = state.problems.some((p) => p.subject === doc.name && p.severity === 'error');
    link.textContent = errors ? 'No PDF: fix the errors first' : 'Download PDF';
    if (errors) link.classList.add('refused');
    head.append(link);
  }
  return head;
}

function docError(doc) {
  const pre = document.createElement('pre');
  pre.className = 'doc-error';
  pre.textContent = `${doc.name} could not be laid out; its pages are from the last time it could.\n${doc.error}`;
  return pre;
}

function pageFigure(slot, n) {
  const figure = document.createElement('figure');
  figure.className = 'page';
  figure.dataset.slot = slot;
  const sheet = document.createElement('div');
  sheet.className = 'sheet';
  const layer = document.createElement('div');
  layer.className = 'text-layer';
  const areas = document.createElement('div');
  areas.className = 'areas';
  sheet.append(layer, areas);
  sheet.addEventListener('click', (event) => clickText(sheet, event));
  sheet.addEventListener('mousemove', (event) => hoverText(sheet, event));
  sheet.addEventListener('mouseleave', () => hoverText(sheet, null));
  const caption = document.createElement('figcaption');
  caption.textContent = `page ${n + 1}`;
  figure.append(sheet, caption);
  return figure;
}

function putPage(figure, page, doc, n, clickable) {
  figure.id = `page-${doc.name.replace('/', '-')}-${n + 1}`;
  if (figure.dataset.hash === page.hash) return;
  figure.dataset.hash = page.hash;
  const sheet = figure.querySelector('.sheet');
  // Four screen pixels to the millimetre at most: a card stays card-sized beside a poster.
  sheet.style.maxWidth = `${Math.round(page.width_mm * 4)}px`;
  sheet.style.aspectRatio = `${page.width_mm} / ${page.height_mm}`;
  const image = new Image();
  image.alt = `${doc.name}, page ${n + 1}`;
  image.src = page.svg;
  image.decode().catch(() => {}).then(() => {
    if (figure.dataset.hash !== page.hash) return;
    const old = sheet.querySelector('img');
    if (old) old.replaceWith(image);
    else sheet.prepend(image);
  });
  fetch(page.text).then((r) => r.json()).then((text) => {
    if (figure.dataset.hash !== page.hash) return;
    sheet.querySelector('.text-layer').replaceChildren(...text.runs.map(([x, y, size, words]) => {
      const span = document.createElement('span');
      span.textContent = words;
      span.dir = 'auto';
      span.style.left = `${x}%`;
      span.style.top = `${y}%`;
      span.style.fontSize = `${size}cqw`;
      return span;
    }));
    sheet.querySelector('.areas').replaceChildren(...(clickable ? areaBoxes(text.areas || []) : []));
    markSelected();
  }).catch(() => {});
}

function showProblems(state) {
  const errors = state.problems.filter((p) => p.severity === 'error').length;
  const warnings = state.problems.length - errors;
  const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
  $('problem-count').textContent = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  const lang = language(state, state.lang);
  $('problems-note').textContent = state.checking
    ? 'Checking the new pages…'
    : state.problems.length
      ? `For ${lang.english_name}: the documents in every layout, and its language file.`
      : '';
  const items = state.problems.map((problem) => problemItem(problem));
  if (!items.length && !state.checking) {
    const clear = document.createElement('li');
    clear.className = 'all-clear';
    clear.textContent = `Nothing to fix in ${lang.english_name}: every layout passes the checks.`;
    items.push(clear);
  }
  $('problems').replaceChildren(...items);
}

function problemItem(problem) {
  const item = document.createElement('li');
  item.className = `problem ${problem.severity}`;
  const what = document.createElement('div');
  what.className = 'what';
  const where = [problem.subject, problem.page ? `page ${problem.page}` : null].filter(Boolean);
  what.append(span('sev', problem.severity), span('check', problem.check), span('where', where.join(' · ')));
  item.append(what, paragraph('message', problem.message));
  if (problem.keys?.length) {
    const keys = paragraph('keys', problem.keys.length === 1 ? 'key ' : 'keys ');
    problem.keys.forEach((key, i) => {
      if (i) keys.append(', ');
      keys.append(code(key));
    });
    item.append(keys);
  }
  if (problem.location) {
    const at = paragraph('at', 'at ');
    at.append(code(problem.location));
    item.append(at);
  }
  if (problem.hint) item.append(paragraph('hint', `hint: ${problem.hint}`));
  if (problem.layout) {
    item.classList.add('clickable');
    item.title = 'Show this page';
    item.addEventListener('click', () => goTo(problem));
  }
  return item;
}

// Shows the problem's layout and scrolls to its page.
async function goTo(problem) {
  view.layout = problem.layout;
  await refresh();
  const [folder, layout] = problem.subject.split('/');
  const figure = document.getElementById(`page-${folder}-${layout}-${problem.page || 1}`);
  if (!figure) return;
  figure.scrollIntoView({ behavior: 'smooth', block: 'center' });
  figure.classList.add('flash');
  setTimeout(() => figure.classList.remove('flash'), 1500);
}

function span(className, text) {
  const element = document.createElement('span');
  element.className = className;
  element.textContent = text;
  return element;
}

function paragraph(className, text) {
  const element = document.createElement('p');
  element.className = className;
  element.textContent = text;
  return element;
}

function code(text) {
  const element = document.createElement('code');
  element.textContent = text;
  return element;
}

// ---- Review -------------------------------------------------------------------------------
// A reviewer clicks a text on a page: the panel shows its English source and the translation,
// to edit and save, or approve with their name. The server checks and writes it as
// `leafpress strings import` would, and the pages update as after any save.

const token = document.querySelector('meta[name="leafpress-token"]')?.content || '';
const NAME = 'leafpress-reviewer';
const review = { key: null, unit: null, busy: false };

function initReview() {
  $('review-close').addEventListener('click', closeReview);
  $('review-save').addEventListener('click', () => sendReview(false));
  $('review-approve').addEventListener('click', () => sendReview(true));
  $('review-text').addEventListener('input', showCodes);
  $('review-name').value = localStorage.getItem(NAME) || '';
  $('review-name').addEventListener('change', () => {
    const name = $('review-name').value.trim();
    if (name) localStorage.setItem(NAME, name);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && review.key) closeReview();
  });
}

// Texts can be reviewed in a translation's own layouts, not in English (the source) and not on
// the poster that carries every language.
function reviewable(state, layout) {
  return state.lang !== state.source && !layout.multi;
}

// One box per line of each text on the page, as buttons for the keyboard. The mouse finds them
// by their place (see `clickText`), so that the words above stay selectable.
function areaBoxes(areas) {
  const boxes = [];
  for (const area of areas) {
    area.boxes.forEach(([x, y, w, h], i) => {
      const box = document.createElement('button');
      box.type = 'button';
      box.className = 'area';
      box.dataset.key = area.key;
      box.style.left = `${x}%`;
      box.style.top = `${y}%`;
      box.style.width = `${w}%`;
      box.style.height = `${h}%`;
      if (i) box.tabIndex = -1;
      box.setAttribute('aria-label', `Review ${area.key}`);
      box.addEventListener('click', (event) => {
        event.stopPropagation();
        openReview(area.key);
      });
      boxes.push(box);
    });
  }
  return boxes;
}

// The text under the pointer, if any: its box, from the page's areas.
function areaAt(sheet, event) {
  const rect = sheet.getBoundingClientRect();
  const x = ((event.clientX - rect.left) / rect.width) * 100;
  const y = ((event.clientY - rect.top) / rect.height) * 100;
  // Half a line's slack around each box, so a click between the lines of a text still counts.
  return [...sheet.querySelectorAll('.area')].find((box) => {
    const [left, top, width, height] = ['left', 'top', 'width', 'height'].map((p) => parseFloat(box.style[p]));
    const pad = height * 0.25;
    return x >= left - pad && x <= left + width + pad && y >= top - pad && y <= top + height + pad;
  });
}

function clickText(sheet, event) {
  // Selecting words to copy them is not a click on a text.
  if (!window.getSelection().isCollapsed) return;
  const box = areaAt(sheet, event);
  if (box) openReview(box.dataset.key);
}

function hoverText(sheet, event) {
  const box = event && areaAt(sheet, event);
  const key = box?.dataset.key;
  sheet.classList.toggle('pointing', Boolean(box));
  for (const other of sheet.querySelectorAll('.area')) other.classList.toggle('hover', other.dataset.key === key);
}

function markSelected() {
  for (const box of document.querySelectorAll('.area')) box.classList.toggle('selected', box.dataset.key === review.key);
}

async function openReview(key) {
  review.key = key;
  showMessage(null);
  markSelected();
  await loadUnit();
  $('review-text').focus();
}

function closeReview() {
  review.key = null;
  review.unit = null;
  $('review').hidden = true;
  markSelected();
  if (view.state) showReview(view.state);
}

// Fetches the text being reviewed, as the language file has it now.
async function loadUnit() {
  const key = review.key;
  const params = new URLSearchParams({ lang: view.lang, key });
  const response = await fetch(`/unit.json?${params}`, { cache: 'no-store' });
  const unit = await response.json();
  if (review.key !== key) return;
  if (!response.ok) {
    showMessage({ ok: false, error: unit.error, hint: unit.hint });
    return;
  }
  showUnit(unit, true);
}

// Shows the text in the panel; `fresh` puts the file's translation in the box.
function showUnit(unit, fresh) {
  review.unit = unit;
  $('review').hidden = false;
  $('review-language').textContent = `· ${unit.language}`;
  $('review-key').textContent = unit.key;
  const [word, kind] = stateWords(unit);
  $('review-state').textContent = word;
  $('review-state').className = `state ${kind}`;
  $('review-source').replaceChildren(...markup(unit.source));
  const text = $('review-text');
  if (fresh) text.value = unit.target ?? '';
  text.dir = unit.rtl ? 'rtl' : 'ltr';
  text.lang = unit.lang;
  text.placeholder = 'Not translated yet: the English prints.';
  $('review-text-label').textContent = `${unit.language} translation`;
  $('review-note').textContent = unit.limit ? `${unit.note} ${unit.limit}` : unit.note;
  showCodes();
  if (view.state) showReview(view.state);
}

function stateWords(unit) {
  switch (unit.state) {
    case 'reviewed': return [unit.reviewer ? `reviewed by ${unit.reviewer}` : 'reviewed', 'reviewed'];
    case 'stale': return ['the English changed: check it', 'stale'];
    case 'untranslated': return ['not translated: the English prints', 'untranslated'];
    default: return ['translated, not reviewed', 'translated'];
  }
}

// The placeholders and bold marks of the English, each shown as a chip.
const CODE = /(\{(?:tel|web|hours|name):[^}]*\}|\*\*)/;
const CODES = /\{(?:tel|web|hours|name):[^}]*\}|\*\*/g;

function markup(text) {
  return text.split(CODE).filter(Boolean).map((part) => (CODE.test(part) ? chip(part) : document.createTextNode(part)));
}

function chip(code, missing) {
  const element = document.createElement('span');
  element.className = `chip${missing ? ' missing' : ''}`;
  element.textContent = code;
  element.dir = 'ltr';
  return element;
}

// Which of the English's codes the translation must keep, and whether it does, as it is typed.
function showCodes() {
  const unit = review.unit;
  const count = (text, code) => text.split(code).length - 1;
  const codes = [...new Set((unit?.source || '').split(CODE).filter((p) => CODE.test(p)))];
  const text = $('review-text').value;
  const counter = $('review-count');
  counter.hidden = !unit?.max_chars;
  if (unit?.max_chars) {
    const length = [...text.replace(CODES, '')].length;
    counter.textContent = `${length} of at most ${unit.max_chars} characters (placeholders not counted)`;
    counter.classList.toggle('over', length > unit.max_chars);
  }
  const line = $('review-codes');
  if (!codes.length) {
    line.replaceChildren();
    return;
  }
  line.replaceChildren('Keep, as often as the English: ', ...codes.map((code) => {
    const element = chip(code, count(text, code) !== count(unit.source, code));
    element.title = element.classList.contains('missing') ? 'missing, or not as often as in the English' : 'kept';
    return element;
  }));
}

// Saves the text as translated, or approves it with the reviewer's name.
async function sendReview(approve) {
  if (!review.unit || review.busy) return;
  const name = $('review-name').value.trim();
  if (approve && !name) {
    showMessage({ ok: false, error: 'Type your name first: it is recorded with every text you approve.' });
    $('review-name').focus();
    return;
  }
  if (name) localStorage.setItem(NAME, name);
  review.busy = true;
  for (const id of ['review-save', 'review-approve']) $(id).disabled = true;
  showMessage({ ok: true, busy: true, message: approve ? 'Approving…' : 'Saving…' });
  try {
    const response = await fetch('/review', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Leafpress-Token': token },
      body: JSON.stringify({ lang: review.unit.lang, key: review.unit.key, text: $('review-text').value, approve, reviewer: name }),
    });
    const answer = await response.json().catch(() => ({ ok: false, error: `the preview answered ${response.status}` }));
    if (answer.ok && answer.unit?.key === review.key) showUnit(answer.unit, false);
    showMessage(answer);
  } catch (error) {
    showMessage({ ok: false, error: 'Lost touch with leafpress: is it still running?' });
  } finally {
    review.busy = false;
    for (const id of ['review-save', 'review-approve']) $(id).disabled = false;
  }
}

function showMessage(answer) {
  const box = $('review-message');
  box.hidden = !answer;
  if (!answer) return;
  box.className = `review-message ${answer.ok ? (answer.busy ? 'busy' : 'ok') : 'error'}`;
  const lines = [withCode('text', capital(answer.ok ? answer.message : answer.error))];
  if (answer.ok && !answer.busy) lines.push(paragraph('hint', 'The pages update in a moment.'));
  if (!answer.ok) {
    lines.unshift(paragraph('title', 'Not saved: nothing was written.'));
    if (answer.hint) lines.push(paragraph('hint', `Hint: ${answer.hint}`));
  }
  box.replaceChildren(...lines);
}

// A paragraph whose `quoted` parts (keys, file names) show as code.
function withCode(className, text) {
  const element = paragraph(className, '');
  element.append(...text.split('`').map((part, i) => (i % 2 ? code(part) : part)));
  return element;
}

function capital(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : '';
}

// The hint to click a text, where texts can be reviewed and none is open.
function showReview(state) {
  const layout = state.layouts.find((l) => l.name === view.layout);
  $('review-tip').hidden = Boolean(review.key) || !layout || !reviewable(state, layout);
}

init();
