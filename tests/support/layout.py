"""What a page shows where: the boxes a reader sees in the article, and which of them overlap.

``OVERLAPS`` runs in the page. It takes every painted piece of the article, each line of text
(a text node's line boxes) and each control, image or drawing (``button``, ``input``,
``select``, ``textarea``, ``img``, ``canvas``, ``svg``), cut to what the scroll boxes and
clipping boxes around it let through, and returns each pair of pieces that cover the same
pixels: text over a heading, a status line out of a plot's fixed box, a control on a label. A
piece hidden from the reader (not displayed, invisible, transparent, in a closed ``<details>``,
clipped away, visually hidden at 1 px) takes part in nothing. The canvases stacked in one box
(a plot's axes, points and pointer drawn on layers of their own) are one drawing.
"""

from __future__ import annotations

#: Pixels two boxes may share along each axis without counting as an overlap: the descenders and
#: ascenders of one line of text reach into the next by a pixel or so.
TOLERANCE = 2

OVERLAPS = """
([root, tolerance]) => {
  const scope = document.querySelector(root);
  const CONTROLS = "button, input:not([type=hidden]), select, textarea, img, canvas, svg, video";
  // Not displayed, invisible, transparent, or in a closed <details>.
  const seen = el => el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  // The window an element's content is painted through: its clipping ancestors' boxes (those
  // whose overflow is not visible), intersected.
  const windows = new Map();
  const windowOf = el => {
    if (!el || el === document.body) {
      return {left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity};
    }
    if (!windows.has(el)) {
      const outer = windowOf(el.parentElement);
      const s = getComputedStyle(el);
      const clipsX = s.overflowX !== "visible", clipsY = s.overflowY !== "visible";
      const c = el.getBoundingClientRect();
      windows.set(el, {
        left: clipsX ? Math.max(outer.left, c.left) : outer.left,
        right: clipsX ? Math.min(outer.right, c.right) : outer.right,
        top: clipsY ? Math.max(outer.top, c.top) : outer.top,
        bottom: clipsY ? Math.min(outer.bottom, c.bottom) : outer.bottom,
      });
    }
    return windows.get(el);
  };
  const clipped = (clipper, r) => {
    const w = windowOf(clipper);
    return {left: Math.max(r.left, w.left), right: Math.min(r.right, w.right),
            top: Math.max(r.top, w.top), bottom: Math.min(r.bottom, w.bottom)};
  };
  const describe = node => {
    const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    const text = (node.textContent || el.getAttribute("aria-label") || el.tagName).trim();
    return `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}: ${text.slice(0, 50)}`;
  };
  const pieces = [];
  // A text is painted through its own element's window; a control through its parent's.
  const add = (node, clipper, rects) => {
    const drawing = node.nodeName === "CANVAS" ? node.parentElement : node;
    for (const r of rects) {
      const box = clipped(clipper, r);
      if (box.right - box.left > tolerance && box.bottom - box.top > tolerance) {
        pieces.push({node, drawing, box});
      }
    }
  };
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (!t.textContent.trim() || !seen(t.parentElement)) continue;
    if (t.parentElement.closest(CONTROLS)) continue;  // the control stands for its text
    const range = document.createRange();
    range.selectNodeContents(t);
    add(t, t.parentElement, range.getClientRects());
  }
  for (const el of scope.querySelectorAll(CONTROLS)) {
    if (el.parentElement.closest(CONTROLS) || !seen(el)) continue;  // an svg's own parts
    add(el, el.parentElement, [el.getBoundingClientRect()]);
  }
  const overlaps = [];
  for (let i = 0; i < pieces.length; i++) {
    for (let j = i + 1; j < pieces.length; j++) {
      const a = pieces[i], b = pieces[j];
      if (a.drawing === b.drawing) continue;  // two lines of one text, two layers of one plot
      const width = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
      const height = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
      if (width > tolerance && height > tolerance) {
        overlaps.push([describe(a.node), describe(b.node)]);
      }
    }
  }
  return {pieces: pieces.length, overlaps: overlaps.slice(0, 20)};
}
"""


def overlaps(page, root: str = "article") -> dict:
    """``{"pieces": how many were measured, "overlaps": [[what, what], ...]}`` for ``root``."""
    return page.evaluate(OVERLAPS, [root, TOLERANCE])
