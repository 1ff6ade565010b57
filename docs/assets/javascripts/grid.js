// A small virtualized data grid for the leaderboard explorer: only the rows in view (and, while
// the reader could be scrolling, a few around them) are in the page, so a filter or a sort
// redraws some twenty rows however many match; of those rows, only the cells of the columns in
// view are laid out and painted.
// Screen readers get a grid: aria-rowcount and aria-rowindex place the drawn rows among all of
// them, column headers carry aria-sort and hold a button that sorts. The keyboard moves as in
// the ARIA grid pattern: one tab stop, arrow keys, Home/End, Page Up/Down, Ctrl+Home/End.
// Loaded by explorer.js when the reader starts exploring.
(function () {
  "use strict";

  // While the reader could be scrolling: rows drawn above and below the visible ones, so
  // scrolling shows no gap, and px drawn beyond the left and right edges, for the same reason.
  var OVERSCAN = 4;
  var COLUMN_OVERSCAN = 120;
  // On a narrow grid (a phone) the first column, held in place, takes at most this share of it,
  // so scrolling sideways shows the other columns beside it rather than a sliver.
  var FROZEN_SHARE = 0.55;
  var FROZEN_MIN = 140;  // px

  function element(tag, className, role) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (role) el.setAttribute("role", role);
    return el;
  }

  // options: label, empty (text when no row matches), rowHeight and height (px), rowKey (the
  // field a row element carries as data-id), columns ([{field, title, width, align, sortable,
  // note: {text, id}, cell(row, el)}]), onSort(field).
  function create(host, options) {
    var rowHeight = options.rowHeight;
    var height = options.height;
    var columns = options.columns.slice();
    var hidden = {};
    var shown = [];
    var rows = [];
    var order = new Int32Array(0);
    var count = 0;
    var sort = { field: null, dir: null };
    // Rows live in a ring of slots: row position p always uses slot p % slots.length, so a
    // row keeps its element (and the keyboard focus) while the window scrolls past it.
    var slots = [];
    var drawn = { from: 0, to: 0, cols: "" };
    var scrollTop = 0;
    var scrollLeft = 0;
    var viewWidth = Infinity;  // the grid's inner width, once it is laid out
    var beyondEdges = false;  // rows and columns beyond the edges are drawn (followReader)
    var columnLeft = [];  // each shown column's left edge in the rows, px
    var shownAt = [];  // each shown column's place in ``columns``, where its cells are in a row
    var columnsVersion = 0;  // counts changes of the shown columns
    var frozenWidth = 0;  // the first column's width as drawn
    // shown[from..to) and the first, frozen one; for each of ``columns``, its cells' state.
    var columnsInView = { from: 1, to: 0, key: "", cells: [] };
    var contentVersion = 0;
    var active = { row: 0, col: 0 };  // row 0 is the header row; rows 1..count are data rows
    var tabStop = null;

    var grid = element("div", "lb-table lb-grid", "grid");
    grid.setAttribute("aria-label", options.label);
    grid.style.height = height + "px";
    var head = element("div", "lb-grid-head", "rowgroup");
    var headerRow = element("div", "lb-grid-row", "row");
    headerRow.setAttribute("aria-rowindex", "1");
    head.appendChild(headerRow);
    var body = element("div", "lb-grid-body", "rowgroup");
    grid.appendChild(head);
    grid.appendChild(body);
    var empty = element("p", "lb-grid-empty");
    empty.textContent = options.empty;
    empty.hidden = true;
    host.replaceChildren(grid, empty);

    function slotCount() { return Math.ceil(height / rowHeight) + 2 * OVERSCAN + 1; }

    function cellClass(column) {
      return "lb-grid-cell" + (column.align === "right" ? " lb-grid-number" : "") +
        (column === shown[0] ? " lb-grid-frozen" : "");
    }

    function fittedFrozenWidth() {
      return Math.min(columns[0].width, Math.max(FROZEN_MIN, Math.round(viewWidth * FROZEN_SHARE)));
    }
    function widthOf(column) { return column === columns[0] ? frozenWidth : column.width; }

    // Every row has a cell for each column; those of hidden columns are not rendered, so showing
    // or hiding a column changes the rows in place.
    function measureColumns() {
      shown = columns.filter(function (c) { return !hidden[c.field]; });
      shownAt = shown.map(function (c) { return columns.indexOf(c); });
      frozenWidth = fittedFrozenWidth();
      columnLeft = [];
      var width = shown.reduce(function (sum, c) { columnLeft.push(sum); return sum + widthOf(c); }, 0) + "px";
      headerRow.style.width = width;
      body.style.width = width;
      grid.setAttribute("aria-colcount", String(shown.length));
      active.col = Math.min(active.col, shown.length - 1);
      columnsVersion += 1;
      drawHeader();
    }

    function layOut() {
      measureColumns();
      body.replaceChildren();
      slots = [];
      for (var i = 0; i < slotCount(); i++) slots.push(makeSlot());
      drawn = { from: 0, to: 0, cols: "" };
    }

    // The columns crossing the visible width, besides the frozen first one. The others' cells
    // keep their text but are not rendered: off screen, they would cost layout and paint.
    function findColumnsInView() {
      var beyond = beyondEdges ? COLUMN_OVERSCAN : 0;
      var left = scrollLeft + frozenWidth - beyond, right = scrollLeft + viewWidth + beyond;
      var from = 1;
      while (from < shown.length && columnLeft[from] + shown[from].width <= left) from++;
      var to = from;
      while (to < shown.length && columnLeft[to] < right) to++;
      var key = columnsVersion + ":" + from + ":" + to;
      if (key === columnsInView.key) return columnsInView;
      var cells = columns.map(function () { return { hidden: true, indent: "", index: null }; });
      shown.forEach(function (column, c) {
        var state = cells[shownAt[c]];
        state.index = String(c + 1);
        state.hidden = c > 0 && (c < from || c >= to);
        // The first cell in view stands where it would with all cells before it rendered.
        state.indent = c === from && c > 1 ? columnLeft[c] - columnLeft[1] + "px" : "";
      });
      return { from: from, to: to, key: key, cells: cells };
    }

    function showColumnsInView(slot) {
      if (slot.cols === columnsInView.key) return;
      columnsInView.cells.forEach(function (state, i) {
        var cell = slot.cells[i];
        if (cell.hidden !== state.hidden) cell.hidden = state.hidden;
        if (cell.style.marginLeft !== state.indent) cell.style.marginLeft = state.indent;
        if (state.index !== null && cell.getAttribute("aria-colindex") !== state.index) {
          cell.setAttribute("aria-colindex", state.index);
        }
      });
      slot.cols = columnsInView.key;
    }

    function drawHeader() {
      var cells = shown.map(function (column, i) {
        var th = element("div", cellClass(column), "columnheader");
        th.setAttribute("aria-colindex", String(i + 1));
        th.dataset.field = column.field;
        th.style.width = widthOf(column) + "px";
        if (column.note) th.title = column.note.text;
        var label = column.sortable ? element("button", "lb-grid-sort") : element("span");
        label.textContent = column.title;
        if (column.sortable) {
          label.type = "button";
          label.tabIndex = -1;
        }
        if (column.note) label.setAttribute("aria-describedby", column.note.id);
        th.appendChild(label);
        if (sort.field === column.field) {
          th.setAttribute("aria-sort", sort.dir === "asc" ? "ascending" : "descending");
        }
        return th;
      });
      headerRow.replaceChildren.apply(headerRow, cells);
    }

    function makeSlot() {
      var el = element("div", "lb-grid-row", "row");
      el.hidden = true;
      var cells = columns.map(function (column) {
        var td = element("div", cellClass(column), "gridcell");
        td.hidden = true;
        td.dataset.field = column.field;
        td.style.width = widthOf(column) + "px";
        el.appendChild(td);
        return td;
      });
      body.appendChild(el);
      return { el: el, cells: cells, position: -1, index: -1, version: -1, cols: "" };
    }

    function fill(slot, position) {
      var index = order[position];
      if (slot.position !== position) {
        slot.el.style.top = position * rowHeight + "px";
        slot.el.setAttribute("aria-rowindex", String(position + 2));
        slot.el.classList.toggle("lb-grid-even", position % 2 === 1);
        slot.position = position;
      }
      if (slot.index !== index || slot.version !== contentVersion) {
        var row = rows[index];
        for (var c = 0; c < shown.length; c++) shown[c].cell(row, slot.cells[shownAt[c]]);
        if (options.rowKey) slot.el.dataset.id = row[options.rowKey];
        slot.index = index;
        slot.version = contentVersion;
      }
      showColumnsInView(slot);
      slot.el.hidden = false;
    }

    // Draws the rows around the scroll position; rows already drawn keep their elements.
    function draw(force) {
      var beyond = beyondEdges ? OVERSCAN : 0;
      var from = Math.max(0, Math.floor(scrollTop / rowHeight) - beyond);
      // The header row takes the top of the grid's height.
      var to = Math.min(count, Math.ceil((scrollTop + height - rowHeight) / rowHeight) + beyond);
      columnsInView = findColumnsInView();
      if (!force && from === drawn.from && to === drawn.to && columnsInView.key === drawn.cols) return;
      var previous = null;
      for (var p = from; p < to; p++) {
        var slot = slots[p % slots.length];
        fill(slot, p);
        // Document order follows the rows' order, as a screen reader reads it.
        if (slot.el.previousElementSibling !== previous) {
          body.insertBefore(slot.el, previous ? previous.nextSibling : body.firstChild);
        }
        previous = slot.el;
      }
      slots.forEach(function (slot) {
        if (slot.position < from || slot.position >= to) {
          slot.el.hidden = true;
          slot.position = -1;
        }
      });
      drawn = { from: from, to: to, cols: columnsInView.key };
      placeTabStop();
    }

    function slotOf(position) {
      var slot = slots[position % slots.length];
      return slot && slot.position === position ? slot : null;
    }

    function cellAt(row, col) {
      if (row === 0) return headerRow.children[col] || null;
      var slot = slotOf(row - 1);
      var cell = slot ? slot.cells[shownAt[col]] : null;
      return cell && !cell.hidden ? cell : null;
    }

    function focusTarget(cell) { return cell.querySelector("a, button") || cell; }

    // One tab stop: the active cell, or its column's header while that cell is scrolled away.
    function placeTabStop() {
      var cell = cellAt(active.row, active.col) || cellAt(0, active.col);
      var target = cell ? focusTarget(cell) : null;
      if (target === tabStop) return;
      if (tabStop) tabStop.tabIndex = -1;
      if (target) target.tabIndex = 0;
      tabStop = target;
    }

    function focusCell(row, col) {
      active = { row: Math.max(0, Math.min(count, row)), col: Math.max(0, Math.min(shown.length - 1, col)) };
      if (active.row > 0) {
        var top = (active.row - 1) * rowHeight;
        var headerHeight = rowHeight;
        if (top < scrollTop || top + rowHeight > scrollTop + height - headerHeight) {
          grid.scrollTop = top < scrollTop ? top : top + rowHeight + headerHeight - height;
          scrollTop = grid.scrollTop;
        }
      }
      if (active.col > 0) {  // the cell's column comes into view, clear of the frozen one
        var left = columnLeft[active.col], right = left + shown[active.col].width;
        // A column wider than the room beside the frozen one shows from its start.
        var wide = right - left > viewWidth - frozenWidth;
        if (left < scrollLeft + frozenWidth || wide) grid.scrollLeft = left - frozenWidth;
        else if (right > scrollLeft + viewWidth) grid.scrollLeft = right - viewWidth;
        scrollLeft = grid.scrollLeft;
      }
      draw(false);
      placeTabStop();
      if (tabStop) tabStop.focus();
    }

    var MOVES = { ArrowDown: [1, 0], ArrowUp: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1] };
    grid.addEventListener("keydown", function (event) {
      var page = Math.max(1, Math.floor(height / rowHeight) - 2);
      var row = active.row, col = active.col;
      var ctrl = event.ctrlKey || event.metaKey;
      if (MOVES[event.key]) {
        row += MOVES[event.key][0];
        col += MOVES[event.key][1];
      } else if (event.key === "Home") {
        col = 0;
        if (ctrl) row = 0;
      } else if (event.key === "End") {
        col = shown.length - 1;
        if (ctrl) row = count;
      } else if (event.key === "PageDown") {
        row += page;
      } else if (event.key === "PageUp") {
        row -= page;
      } else {
        return;
      }
      event.preventDefault();
      focusCell(row, col);
    });

    // A click or a tab into the grid makes that cell the active one.
    grid.addEventListener("focusin", function (event) {
      var cell = event.target.closest("[role=gridcell], [role=columnheader]");
      if (!cell) return;
      active = {
        row: Number(cell.parentNode.getAttribute("aria-rowindex")) - 1,
        col: Number(cell.getAttribute("aria-colindex")) - 1
      };
      placeTabStop();
    });

    headerRow.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (button) options.onSort(button.parentNode.dataset.field);
    });

    // A reader could be scrolling the grid while the pointer or the focus is in it, or once it
    // is scrolled. Only then does the first column stay put as the rows scroll sideways
    // (position: sticky; each sticky cell adds to the cost of every redraw), and only then are
    // rows and columns beyond the edges drawn. Otherwise (the reader is at the filters, say) a
    // filter or a sort redraws only what is in view: a quarter less.
    var pointerInGrid = false, focusInGrid = false, frozen = null;
    function couldScroll() { return pointerInGrid || focusInGrid || scrollLeft > 0 || scrollTop > 0; }
    function followReader() {
      var hold = pointerInGrid || focusInGrid || scrollLeft > 0;
      if (hold !== frozen) grid.classList.toggle("lb-grid-hold", (frozen = hold));
      if (couldScroll() !== beyondEdges) {
        beyondEdges = !beyondEdges;
        draw(false);
      }
    }
    grid.addEventListener("pointerenter", function () { pointerInGrid = true; followReader(); });
    // A finger or a pen "leaves" as soon as its touch turns into a pan: it lets go of the column
    // only when it next touches something else.
    grid.addEventListener("pointerleave", function (event) {
      if (event.pointerType !== "mouse") return;
      pointerInGrid = false;
      followReader();
    });
    document.addEventListener("pointerdown", function (event) {
      if (!pointerInGrid || grid.contains(event.target)) return;
      pointerInGrid = false;
      followReader();
    });
    grid.addEventListener("focusin", function () { focusInGrid = true; followReader(); });
    grid.addEventListener("focusout", function (event) {
      focusInGrid = grid.contains(event.relatedTarget);
      followReader();
    });

    grid.addEventListener("scroll", function () {
      scrollTop = grid.scrollTop;
      scrollLeft = grid.scrollLeft;
      followReader();
      draw(false);
    }, { passive: true });

    new ResizeObserver(function () {
      viewWidth = grid.clientWidth || Infinity;
      if (fittedFrozenWidth() === frozenWidth) {
        draw(false);
        return;
      }
      measureColumns();
      slots.forEach(function (slot) { slot.cells[0].style.width = frozenWidth + "px"; });
      draw(true);
    }).observe(grid);

    // Shows rows (all of them) in this order (row indexes, the first `shown` of them), from the top.
    function show(allRows, nextOrder, nextCount) {
      if (scrollTop !== 0) {  // before any change: scrolling a clean layout is cheap
        grid.scrollTop = 0;
        scrollTop = 0;
      }
      var focusInRows = body.contains(document.activeElement);
      rows = allRows;
      order = nextOrder;
      count = nextCount;
      body.style.height = count * rowHeight + "px";
      grid.setAttribute("aria-rowcount", String(count + 1));
      empty.hidden = count > 0;
      active.row = 0;
      beyondEdges = couldScroll();  // back at the top
      draw(true);
      if (focusInRows && tabStop) tabStop.focus();
    }

    function setSort(field, dir) {
      sort = { field: field, dir: dir };
      Array.prototype.forEach.call(headerRow.children, function (th) {
        if (th.dataset.field === field) th.setAttribute("aria-sort", dir === "asc" ? "ascending" : "descending");
        else th.removeAttribute("aria-sort");
      });
    }

    function redrawAll() {
      var focusInGrid = grid.contains(document.activeElement);
      tabStop = null;
      layOut();
      draw(true);
      if (focusInGrid && tabStop) tabStop.focus();
    }

    function setHidden(field, isHidden) {
      if (Boolean(hidden[field]) === isHidden) return;
      hidden[field] = isHidden;
      var focusInGrid = grid.contains(document.activeElement);
      measureColumns();
      if (!isHidden) {  // its cells in the rows drawn so far have yet to be written
        var at = columns.findIndex(function (c) { return c.field === field; });
        slots.forEach(function (slot) {
          if (slot.index >= 0 && slot.version === contentVersion) columns[at].cell(rows[slot.index], slot.cells[at]);
        });
      }
      draw(true);
      if (focusInGrid && tabStop && !grid.contains(document.activeElement)) tabStop.focus();
    }

    function addColumn(column) {
      columns.push(column);
      redrawAll();
    }

    // Changes a column (its title, say) and redraws its cells, which may read other state.
    function updateColumn(field, changes) {
      columns.forEach(function (c) { if (c.field === field) Object.assign(c, changes); });
      contentVersion += 1;
      redrawAll();
    }

    function isShown(field) { return shown.some(function (c) { return c.field === field; }); }

    layOut();
    followReader();
    return {
      element: grid, show: show, setSort: setSort, setHidden: setHidden, addColumn: addColumn,
      updateColumn: updateColumn, isShown: isShown
    };
  }

  window.hfguideGrid = { create: create };
})();
