// In-page helpers for scrnews.audit.html_checks; evaluated once per page.
// Defines window.__scrnewsAudit. Every function returns plain JSON data.
(() => {
  const unique = (s) => document.querySelectorAll(s).length === 1;
  const quote = (v) => '"' + v.replace(/["\\]/g, '\\$&') + '"';

  // A short CSS selector for el: #id, a[href="..."], tag.class or a child path.
  function selector(el) {
    const tag = el.localName;
    if (el.id && unique('#' + CSS.escape(el.id))) return '#' + CSS.escape(el.id);
    if (tag === 'html' || tag === 'body') return tag;
    const href = el.getAttribute('href');
    if (href !== null && unique(`${tag}[href=${quote(href)}]`)) return `${tag}[href=${quote(href)}]`;
    const classes = [...el.classList].map((c) => '.' + CSS.escape(c)).join('');
    if (classes && unique(tag + classes)) return tag + classes;
    if (unique(tag)) return tag;
    const parent = el.parentElement;
    const same = [...parent.children].filter((c) => c.localName === tag);
    const nth = same.length > 1 ? `:nth-of-type(${same.indexOf(el) + 1})` : '';
    return `${selector(parent)} > ${tag}${nth}`;
  }

  const rendered = (el) => el.getClientRects().length > 0
    && getComputedStyle(el).visibility === 'visible';

  const clips = (v) => v !== 'visible';

  // True when an ancestor below <body> scrolls or clips el horizontally.
  function contained(el) {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (clips(getComputedStyle(a).overflowX)) return true;
    }
    return false;
  }

  // WCAG 1.4.10: the page must not scroll sideways; name the widest culprit.
  function reflow() {
    const root = document.documentElement;
    const viewport = root.clientWidth;
    if (root.scrollWidth <= viewport) return null;
    let widest = null;
    let widestWidth = 0;
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.right <= viewport + 1 || box.width <= widestWidth || contained(el)) continue;
      widest = el;
      widestWidth = box.width;
    }
    return {
      scrollWidth: root.scrollWidth,
      viewport,
      selector: widest ? selector(widest) : 'html',
      width: Math.round(widestWidth),
    };
  }

  // Elements with text whose overflow is hidden and whose content no longer fits.
  function clippedText() {
    const found = new Set();
    for (const el of document.body.querySelectorAll('*')) {
      if (el.clientWidth <= 1 || el.clientHeight <= 1) continue; // visually hidden
      const style = getComputedStyle(el);
      const x = clips(style.overflowX) && style.overflowX !== 'auto' && style.overflowX !== 'scroll'
        && el.scrollWidth > el.clientWidth + 1;
      const y = clips(style.overflowY) && style.overflowY !== 'auto' && style.overflowY !== 'scroll'
        && el.scrollHeight > el.clientHeight + 1;
      if ((x || y) && el.innerText.trim()) found.add(el);
    }
    return found;
  }

  // WCAG 1.4.4: double every font size and report text that gets clipped.
  function textZoom() {
    const before = clippedText();
    const elements = [...document.body.querySelectorAll('*')];
    elements.push(document.body);
    const sizes = elements.map((el) => parseFloat(getComputedStyle(el).fontSize));
    elements.forEach((el, i) => el.style.setProperty('font-size', `${sizes[i] * 2}px`, 'important'));
    return [...clippedText()].filter((el) => !before.has(el)).map((el) => ({
      selector: selector(el),
      scroll: [el.scrollWidth, el.scrollHeight],
      client: [el.clientWidth, el.clientHeight],
    }));
  }

  const FOCUSABLE = 'a[href], area[href], button, input, select, textarea, summary, iframe,'
    + ' [tabindex], [contenteditable=""], [contenteditable="true"]';
  let candidates = [];
  let unfocused = [];

  const alpha = (color) => {
    const m = color.match(/rgba?\(([^)]*)\)/);
    if (!m) return color === 'transparent' ? 0 : 1;
    const parts = m[1].split(/[\s,/]+/).filter(Boolean);
    return parts.length > 3 ? parseFloat(parts[3]) : 1;
  };

  // What a sighted user can see of an element's own box, as a comparable string.
  function look(el) {
    const s = getComputedStyle(el);
    const sides = ['top', 'right', 'bottom', 'left'].map((side) => {
      const width = parseFloat(s.getPropertyValue(`border-${side}-width`));
      const style = s.getPropertyValue(`border-${side}-style`);
      return width > 0 && style !== 'none' ? s.getPropertyValue(`border-${side}-color`) : '';
    });
    // Where the box sits (computed, so scrolling on focus does not count): a skip
    // link that moves on screen when focused shows focus too.
    const place = [s.position, s.left, s.top, s.transform, s.clip, s.clipPath, s.opacity];
    return [s.boxShadow, s.backgroundColor, s.color, s.textDecorationLine,
      s.textDecorationColor, s.textDecorationThickness, ...sides, ...place].join('|');
  }

  function outlineVisible(el) {
    const s = getComputedStyle(el);
    return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
      && alpha(s.outlineColor) > 0;
  }

  // Remember every focusable element and how it looks before anything has focus.
  function keyboardStart() {
    if (document.activeElement) document.activeElement.blur();
    candidates = [...document.querySelectorAll(FOCUSABLE)];
    unfocused = candidates.map(look);
    return candidates.length;
  }

  // Describe the focused element: its index, selector and whether focus shows.
  function focused() {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    let index = candidates.indexOf(el);
    if (index < 0) {
      candidates.push(el);
      unfocused.push('');
      index = candidates.length - 1;
    }
    const visible = outlineVisible(el) || look(el) !== unfocused[index];
    return { index, selector: selector(el), visible };
  }

  // Links a keyboard user should reach: rendered a[href] elements.
  function links() {
    return candidates
      .map((el, index) => ({ el, index }))
      .filter(({ el }) => el.matches('a[href], area[href]') && rendered(el))
      .map(({ el, index }) => ({ index, selector: selector(el) }));
  }

  window.__scrnewsAudit = { selector, reflow, textZoom, keyboardStart, focused, links };
})();
