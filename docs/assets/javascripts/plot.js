// The explorer's plot of score against size, drawn on canvases by hand: thousands of dots, the
// Pareto frontier as a step line, implausible rows as crosses. A filter redraws the dots only
// (the axes when their scale changes); the hovered or keyboard-chosen point is drawn on a layer
// of its own, so pointing at dots never redraws them. The dots are written as pixels: a path of
// thousands of squares costs the browser several milliseconds to rasterize, and a filter must
// show its result in one frame. Loaded by explorer.js when the plot comes into view.
(function () {
  "use strict";

  var MARGIN = { top: 12, right: 14, bottom: 40, left: 50 };
  var HIT_RADIUS = 6;  // px: how close the pointer must come to a point to pick it
  var DOT_RADIUS = 2;

  function niceStep(span, ticks) {
    var raw = span / ticks;
    var power = Math.pow(10, Math.floor(Math.log10(raw)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * power >= raw) return steps[i] * power;
    return 10 * power;
  }

  // A linear axis on round numbers that holds [min, max].
  function linearAxis(min, max) {
    if (!(max > min)) { min -= 1; max += 1; }
    var step = niceStep(max - min, 6);
    var lo = Math.floor(min / step) * step, hi = Math.ceil(max / step) * step;
    var ticks = [];
    for (var v = lo; v <= hi + step / 2; v += step) ticks.push(Number(v.toPrecision(6)));
    return { lo: lo, hi: hi, ticks: ticks };
  }

  // A log axis (values > 0) from a round number to a round number: ticks on 1-2-5 numbers,
  // denser for a short span. Round ends keep the axes still while filters move the extremes a
  // little, so most redraws leave the axes layer alone.
  var MANTISSAS = [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5]];
  function logAxis(min, max) {
    var axis = null;
    for (var m = 0; m < MANTISSAS.length && !(axis && axis.ticks.length >= 4); m++) {
      var values = [];
      for (var e = Math.floor(Math.log10(min)) - 1; e <= Math.ceil(Math.log10(max)); e++) {
        MANTISSAS[m].forEach(function (k) { values.push(Number((k * Math.pow(10, e)).toPrecision(3))); });
      }
      var lo = values.filter(function (v) { return v <= min; }).pop();
      var hi = values.filter(function (v) { return v >= max; })[0];
      axis = { lo: Math.log10(lo), hi: Math.log10(hi), ticks: values.filter(function (v) { return v >= lo && v <= hi; }) };
    }
    var pad = (axis.hi - axis.lo) * 0.02;  // a point on a round end stays off the frame
    axis.lo -= pad;
    axis.hi += pad;
    return axis;
  }

  // Three significant digits at most, grouped, as Intl.NumberFormat("en-US",
  // { maximumSignificantDigits: 3 }) writes any tick from 1e-6 up, but without Intl (memory.js
  // says why).
  function tickLabel(v) { return window.hfguideMemory.groupDigits(String(Number(v.toPrecision(3)))); }

  // options: xs and ys (per row), label(row) for a point's tooltip, onActive(kind, position, row,
  // byKeyboard) when the pointer or the keyboard picks a point (kind "point", "frontier" or
  // "doubted"; the keyboard walks the frontier).
  function create(box, canvas, options) {
    var xs = options.xs, ys = options.ys;
    // Three layers: the axes (redrawn when the scale changes), the points (each draw) and the
    // highlighted point (as the pointer moves).
    var axes = layer("lb-plot-axes");
    box.insertBefore(axes, canvas);
    var overlay = layer("lb-plot-overlay");
    box.appendChild(overlay);
    var axesKey = null;
    var size = { width: 0, height: 0, ratio: 1 };
    var series = { points: new Int32Array(0), frontier: new Int32Array(0), doubted: new Int32Array(0) };
    var visible = { points: true, frontier: true, doubted: true };
    var colours = null;
    var scale = null;
    var dotPixels = null;  // ImageData the size of the canvas, reused from draw to draw
    var overlayBlank = true;
    // Where each drawn point landed, for picking: kind, position in its series, x, y.
    var placed = { kind: new Uint8Array(0), position: new Int32Array(0), x: new Float32Array(0), y: new Float32Array(0), n: 0 };
    var counts = { points: 0, frontier: 0, doubted: 0 };
    var activePoint = null;
    var activeByKeyboard = false;
    var focusIndex = -1;

    function readColours() {
      var styles = getComputedStyle(box);
      function v(name, fallback) { return styles.getPropertyValue(name).trim() || fallback; }
      colours = {
        ink: v("--lb-plot-ink", "#666"), grid: v("--lb-plot-grid", "rgba(0,0,0,0.1)"),
        dot: v("--lb-plot-dot", "rgba(92,107,192,0.45)"), frontier: v("--lb-plot-frontier", "#ff8f00"),
        doubt: v("--lb-plot-doubt", "#c62828"), tipBack: v("--lb-plot-tip-back", "rgba(0,0,0,0.8)"),
        tipInk: v("--lb-plot-tip-ink", "#fff"), font: styles.fontFamily || "sans-serif"
      };
      colours.dotPixel = pixelValue(colours.dot);
    }

    // A CSS colour as one ImageData pixel (RGBA bytes read as one 32-bit number).
    function pixelValue(colour) {
      var probe = document.createElement("canvas");
      probe.width = probe.height = 1;
      var ctx = probe.getContext("2d", { willReadFrequently: true });
      ctx.fillStyle = colour;
      ctx.fillRect(0, 0, 1, 1);
      return new Uint32Array(new Uint8ClampedArray(ctx.getImageData(0, 0, 1, 1).data).buffer)[0];
    }

    function layer(className) {
      var c = document.createElement("canvas");
      c.className = className;
      c.setAttribute("aria-hidden", "true");
      return c;
    }

    function resize(width, height) {
      var ratio = window.devicePixelRatio || 1;
      size = { width: width, height: height, ratio: ratio };
      axesKey = null;
      [axes, canvas, overlay].forEach(function (c) {
        c.width = Math.round(width * ratio);
        c.height = Math.round(height * ratio);
      });
      overlayBlank = true;  // setting a canvas's size clears it
    }

    function context(c) {
      var ctx = c.getContext("2d");
      ctx.setTransform(size.ratio, 0, 0, size.ratio, 0, 0);
      return ctx;
    }

    function makeScale() {
      var xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
      function take(list) {
        for (var k = 0; k < list.length; k++) {
          var i = list[k];
          if (xs[i] < xmin) xmin = xs[i];
          if (xs[i] > xmax) xmax = xs[i];
          if (ys[i] < ymin) ymin = ys[i];
          if (ys[i] > ymax) ymax = ys[i];
        }
      }
      take(series.points);
      take(series.doubted);
      if (xmin === Infinity) { xmin = 1; xmax = 100; ymin = 0; ymax = 50; }
      if (!(xmax > xmin)) { xmin /= 1.5; xmax *= 1.5; }
      var x = logAxis(xmin, xmax), y = linearAxis(ymin, ymax);
      var left = MARGIN.left, right = size.width - MARGIN.right;
      var top = MARGIN.top, bottom = size.height - MARGIN.bottom;
      return {
        x: x, y: y, left: left, right: right, top: top, bottom: bottom,
        px: function (v) { return left + (Math.log10(v) - x.lo) / (x.hi - x.lo) * (right - left); },
        py: function (v) { return bottom - (v - y.lo) / (y.hi - y.lo) * (bottom - top); }
      };
    }

    function drawAxes(s) {
      var key = [s.x.lo, s.x.hi, s.y.lo, s.y.hi].join(" ");
      if (key === axesKey) return;
      axesKey = key;
      var ctx = context(axes);
      ctx.clearRect(0, 0, size.width, size.height);
      ctx.font = "11px " + colours.font;
      ctx.lineWidth = 1;
      ctx.strokeStyle = colours.grid;
      ctx.fillStyle = colours.ink;
      ctx.beginPath();
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      s.y.ticks.forEach(function (v) {
        var y = Math.round(s.py(v)) + 0.5;
        ctx.moveTo(s.left, y);
        ctx.lineTo(s.right, y);
        ctx.fillText(tickLabel(v), s.left - 6, y);
      });
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      var lastLabelEnd = -Infinity;
      s.x.ticks.forEach(function (v) {
        var x = Math.round(s.px(v)) + 0.5;
        ctx.moveTo(x, s.top);
        ctx.lineTo(x, s.bottom);
        var label = tickLabel(v), half = ctx.measureText(label).width / 2;
        if (x - half > lastLabelEnd + 6) {  // labels that would touch their neighbour are left out
          ctx.fillText(label, x, s.bottom + 5);
          lastLabelEnd = x + half;
        }
      });
      ctx.stroke();
      ctx.fillText("Parameters (billions, log scale)", (s.left + s.right) / 2, s.bottom + 22);
      ctx.save();
      ctx.translate(12, (s.top + s.bottom) / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textBaseline = "middle";
      ctx.fillText("Average score (0–100)", 0, 0);
      ctx.restore();
    }

    function place(kind, position, x, y) {
      var n = placed.n++;
      placed.kind[n] = kind;
      placed.position[n] = position;
      placed.x[n] = x;
      placed.y[n] = y;
    }

    // Replaces the whole canvas with the dots, squares in the dot colour on nothing, kept inside
    // the plot area; where squares overlap the colour is the same, as if filled as one shape.
    function drawPoints(ctx, s) {
      var ratio = size.ratio, width = canvas.width, height = canvas.height;
      if (!dotPixels || dotPixels.width !== width || dotPixels.height !== height) {
        dotPixels = ctx.createImageData(width, height);
      }
      var pixels = new Uint32Array(dotPixels.data.buffer);
      pixels.fill(0);
      var list = visible.points ? series.points : [];
      var side = Math.round(2 * DOT_RADIUS * ratio), colour = colours.dotPixel;
      var clipLeft = Math.floor(s.left * ratio), clipRight = Math.min(width, Math.ceil((s.right + 4) * ratio));
      var clipTop = Math.max(0, Math.floor((s.top - 4) * ratio));
      var clipBottom = Math.min(height, Math.ceil((s.bottom + 4) * ratio));
      for (var k = 0; k < list.length; k++) {
        var x = s.px(xs[list[k]]), y = s.py(ys[list[k]]);
        place(0, k, x, y);
        var left = Math.round((x - DOT_RADIUS) * ratio), top = Math.round((y - DOT_RADIUS) * ratio);
        var x0 = Math.max(left, clipLeft), x1 = Math.min(left + side, clipRight);
        var y1 = Math.min(top + side, clipBottom);
        for (var py = Math.max(top, clipTop); py < y1; py++) {
          for (var at = py * width + x0, end = py * width + x1; at < end; at++) pixels[at] = colour;
        }
      }
      ctx.putImageData(dotPixels, 0, 0);
      return list.length;
    }

    function drawDoubted(ctx, s) {
      if (!visible.doubted) return 0;
      var list = series.doubted, r = 3.5;
      ctx.strokeStyle = colours.doubt;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      for (var k = 0; k < list.length; k++) {
        var x = s.px(xs[list[k]]), y = s.py(ys[list[k]]);
        ctx.moveTo(x - r, y - r);
        ctx.lineTo(x + r, y + r);
        ctx.moveTo(x + r, y - r);
        ctx.lineTo(x - r, y + r);
        place(2, k, x, y);
      }
      ctx.stroke();
      return list.length;
    }

    function drawFrontier(ctx, s) {
      if (!visible.frontier) return 0;
      var list = series.frontier;
      ctx.strokeStyle = colours.frontier;
      ctx.fillStyle = colours.frontier;
      ctx.lineWidth = 2;
      ctx.beginPath();
      for (var k = 0; k < list.length; k++) {
        var x = s.px(xs[list[k]]), y = s.py(ys[list[k]]);
        if (k === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, s.py(ys[list[k - 1]]));  // a step: the best score holds until here
        ctx.lineTo(x, y);
      }
      ctx.stroke();
      ctx.beginPath();
      for (k = 0; k < list.length; k++) {
        var px = s.px(xs[list[k]]), py = s.py(ys[list[k]]);
        ctx.moveTo(px + 3, py);
        ctx.arc(px, py, 3, 0, 2 * Math.PI);
        place(1, k, px, py);
      }
      ctx.fill();
      return list.length;
    }

    function grow(n) {
      if (placed.x.length >= n) return;
      placed.kind = new Uint8Array(n);
      placed.position = new Int32Array(n);
      placed.x = new Float32Array(n);
      placed.y = new Float32Array(n);
    }

    // Draws the series: { points, frontier, doubted }, row indexes; frontier in order of size.
    function draw(next) {
      if (next) series = next;
      if (!size.width) return;
      if (!colours) readColours();
      scale = makeScale();
      drawAxes(scale);
      var ctx = context(canvas);
      grow(series.points.length + series.frontier.length + series.doubted.length);
      placed.n = 0;
      var points = drawPoints(ctx, scale);
      ctx.save();
      ctx.beginPath();
      ctx.rect(scale.left, scale.top - 4, scale.right - scale.left + 4, scale.bottom - scale.top + 8);
      ctx.clip();
      counts = { points: points, doubted: drawDoubted(ctx, scale), frontier: drawFrontier(ctx, scale) };
      ctx.restore();
      if (next) {  // new points: nothing is picked any more
        focusIndex = -1;
        highlight(null);
      } else {  // the same points resized, recoloured or a series toggled: a picked one still
        // shown stays picked
        var seriesOf = { point: "points", frontier: "frontier", doubted: "doubted" };
        highlight(activePoint && visible[seriesOf[activePoint.kind]] ? activePoint : null);
      }
    }

    var KINDS = ["point", "frontier", "doubted"];
    function rowOf(kind, position) {
      var list = kind === "frontier" ? series.frontier : kind === "doubted" ? series.doubted : series.points;
      return list[position];
    }

    // Picks a point: highlighted, and told to onActive.
    function setActive(point, byKeyboard) {
      highlight(point);
      activeByKeyboard = byKeyboard;
      options.onActive(point.kind, point.position, rowOf(point.kind, point.position), byKeyboard);
    }

    // The highlighted point on the overlay, with its label; null clears it.
    function highlight(point) {
      activePoint = point;
      if (!point && overlayBlank) return;  // clearing a blank layer would still cost a frame of it
      var ctx = context(overlay);
      ctx.clearRect(0, 0, size.width, size.height);
      overlayBlank = !(point && scale);
      if (point && scale) {
        var row = rowOf(point.kind, point.position);
        var x = scale.px(xs[row]), y = scale.py(ys[row]);
        ctx.strokeStyle = point.kind === "doubted" ? colours.doubt : colours.frontier;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.arc(x, y, 6, 0, 2 * Math.PI);
        ctx.stroke();
        drawTip(ctx, options.label(row), x, y);
      }
    }

    function drawTip(ctx, text, x, y) {
      ctx.font = "11px " + colours.font;
      var width = ctx.measureText(text).width + 12, h = 20;
      var left = Math.max(2, Math.min(size.width - width - 2, x - width / 2));
      var top = y - h - 10 < 2 ? y + 10 : y - h - 10;
      ctx.fillStyle = colours.tipBack;
      ctx.fillRect(left, top, width, h);
      ctx.fillStyle = colours.tipInk;
      ctx.textAlign = "left";
      ctx.textBaseline = "middle";
      ctx.fillText(text, left + 6, top + h / 2);
    }

    // The nearest drawn point within HIT_RADIUS; the frontier and crosses win over plain dots.
    function pick(x, y) {
      var best = null, bestScore = HIT_RADIUS * HIT_RADIUS;
      for (var n = 0; n < placed.n; n++) {
        var dx = placed.x[n] - x, dy = placed.y[n] - y;
        var d = dx * dx + dy * dy - (placed.kind[n] === 0 ? 0 : 1);
        if (d <= bestScore) {
          bestScore = d;
          best = { kind: KINDS[placed.kind[n]], position: placed.position[n] };
        }
      }
      return best;
    }

    canvas.addEventListener("pointermove", function (event) {
      var rect = canvas.getBoundingClientRect();
      var point = pick(event.clientX - rect.left, event.clientY - rect.top);
      var same = point && activePoint && point.kind === activePoint.kind && point.position === activePoint.position;
      if (point && !(same && !activeByKeyboard)) setActive(point, false);
    });
    canvas.addEventListener("pointerleave", function () { if (activePoint && focusIndex < 0) highlight(null); });

    // The keyboard walks along the frontier.
    var KEYS = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 };
    canvas.addEventListener("keydown", function (event) {
      var n = series.frontier.length;
      if (!n || !visible.frontier) return;
      if (event.key in KEYS) focusIndex = Math.max(0, Math.min(n - 1, focusIndex + KEYS[event.key]));
      else if (event.key === "Home") focusIndex = 0;
      else if (event.key === "End") focusIndex = n - 1;
      else return;
      event.preventDefault();
      setActive({ kind: "frontier", position: focusIndex }, true);
    });

    function setVisible(name, isVisible) {
      visible[name] = isVisible;
      draw();
    }

    // Where a drawn point is, in CSS pixels from the canvas's corner.
    function screenPoint(kind, position) {
      var row = rowOf(kind, position);
      return { x: scale.px(xs[row]), y: scale.py(ys[row]), row: row };
    }

    resize(canvas.clientWidth, canvas.clientHeight);
    new ResizeObserver(function (entries) {
      var rect = entries[entries.length - 1].contentRect;
      if (rect.width === size.width && rect.height === size.height) return;
      resize(rect.width, rect.height);
      draw();
    }).observe(canvas);
    // Material switches the colour scheme with an attribute on <body>.
    new MutationObserver(function () {
      colours = null;
      axesKey = null;
      draw();
    }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

    return {
      draw: draw, setVisible: setVisible, screenPoint: screenPoint,
      drawn: function () { return { points: counts.points, frontier: counts.frontier, doubted: counts.doubted }; },
      series: function () { return series; }
    };
  }

  window.hfguidePlot = { create: create, tickLabel: tickLabel };
})();
