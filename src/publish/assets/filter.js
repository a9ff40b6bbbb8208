// The language filter of the catalogue's index, without loading another page. Every filter
// link also works without this script: it opens that language's own page (lang-<code>.html).
'use strict';
(function () {
  const links = Array.from(document.querySelectorAll('a[data-filter]'));
  const sections = Array.from(document.querySelectorAll('section[data-lang]'));
  const has = (code) => code === '' || sections.some((s) => s.dataset.lang === code);
  // A one-language page holds only that language: its links open the other pages.
  const filtered = links.some((l) => l.dataset.filter !== '' && l.hasAttribute('aria-current'));
  if (filtered) return;

  // Shows one language's documents (and the multilingual ones), or all for ''.
  function show(code) {
    for (const section of sections) {
      const lang = section.dataset.lang;
      section.hidden = code !== '' && lang !== code && lang !== 'multi';
    }
    for (const link of links) {
      if (link.dataset.filter === code) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  }

  for (const link of links) {
    link.addEventListener('click', (event) => {
      const code = link.dataset.filter;
      if (!has(code)) return;
      event.preventDefault();
      show(code);
      try {
        history.replaceState(null, '', code ? '#' + code : location.pathname);
      } catch (error) {
        // Some browsers refuse to change the address of a file:// page; the filter still works.
      }
    });
  }

  const start = decodeURIComponent(location.hash.slice(1));
  if (start && has(start)) show(start);
})();
