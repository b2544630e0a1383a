// WCAG contrast checks run in the page (tests/e2e/browser.py evaluates this object).
({
  rgb(color) {
    const parts = color.match(/[\d.]+/g).map(Number);
    return parts.length > 3 ? parts : [...parts, 1];
  },
  luminance(c) {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  },
  ratio(a, b) {
    const [light, dark] = [this.luminance(a), this.luminance(b)].sort((p, q) => q - p);
    return (light + 0.05) / (dark + 0.05);
  },
  background(el) {
    for (let e = el; e; e = e.parentElement) {
      const c = this.rgb(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) { return c; }
    }
    return [255, 255, 255, 1];
  },
  // Visible text below AA: 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold).
  lowContrastText() {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const el = walker.currentNode.parentElement;
      const text = walker.currentNode.textContent.trim();
      if (!text || !el.checkVisibility() || el.closest("option")) { continue; }
      const s = getComputedStyle(el);
      const size = parseFloat(s.fontSize);
      const large = size >= 24 || (parseInt(s.fontWeight, 10) >= 700 && size >= 18.66);
      const r = this.ratio(this.rgb(s.color), this.background(el));
      if (r < (large ? 3 : 4.5)) { found.push(`${el.tagName} "${text.slice(0, 40)}" ${r.toFixed(2)}:1`); }
    }
    return found;
  },
  // The focus ring of the focused element against what is behind it (0 when there is none).
  focusOutlineContrast() {
    const s = getComputedStyle(document.activeElement);
    if (s.outlineStyle === "none" || parseFloat(s.outlineWidth) < 2) { return 0; }
    return this.ratio(this.rgb(s.outlineColor), this.background(document.activeElement.parentElement));
  },
})
