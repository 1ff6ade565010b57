// Terms the widgets show, explained where they stand (the words: hfguide.pages.terms, through
// the page spec). A term is a button: a tap, a click or Enter opens its explanation right after
// it, in the text's flow; a mouse pointer shows the same words as a tooltip; a screen reader
// reads them as the button's description.
window.hfguideTerms = function (definitions) {
  "use strict";
  var made = 0;
  // The site's root, for the "More on …" links (the theme writes it, relative to this page).
  var config = document.getElementById("__config");
  var root = new URL((config ? JSON.parse(config.textContent).base : ".") + "/", location.href);

  function element(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function toggle(button, note) {
    var open = note.hidden;
    note.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
  }

  // The term ``key`` as a button showing ``text`` (default: the term's own name), with its
  // explanation after it, closed.
  function term(key, text) {
    var definition = definitions[key];
    if (!definition) throw new Error("no explanation for the term " + key);
    var id = "hfguide-term-" + (++made);
    var button = element("button", text || definition.name, {
      type: "button", "class": "hfguide-term", "aria-expanded": "false", "aria-controls": id,
      "aria-describedby": id, title: definition.meaning
    });
    var note = element("span", definition.meaning + " ", { id: id, "class": "hfguide-term-note" });
    note.hidden = true;
    if (definition.more) note.appendChild(element("a", "More on " + definition.name, { href: new URL(definition.more, root).href }));
    button.addEventListener("click", function () { toggle(button, note); });
    var both = element("span", null, { "class": "hfguide-term-box" });
    both.appendChild(button);
    both.appendChild(note);
    return both;
  }
  return { term: term };
};
