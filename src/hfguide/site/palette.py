"""Material's colour palette without its restyle of every page as the page loads.

Material's palette script marks the body ``data-md-color-switching`` whenever it applies a
palette, the one it restores as a page loads included, and its palette style sheet turns every
transition off under that mark (``[data-md-color-switching] *``). With a rule of that shape the
browser restyles every element of the page each time the mark comes or goes: two restyles of the
whole page, 6-7 ms each on this machine (four times that on Lighthouse's phone), on every page.

The build drops that rule from the theme's style sheet (``drop_switching_rule``). Transitions
still stay off while a reader switches schemes: site.js sets a mark of its own,
``data-hfguide-switching``, only when the reader picks a palette, and hfguide.css holds the rule.
"""

from __future__ import annotations

import re
from pathlib import Path

#: The rule as Material 9's minified palette style sheet writes it.
SWITCHING_RULE = re.compile(
    r"\[data-md-color-switching\] \*,\[data-md-color-switching\] :after,"
    r"\[data-md-color-switching\] :before\{transition-duration:0s!important\}"
)
MARK = "data-md-color-switching"


def drop_switching_rule(site_dir: Path) -> bool:
    """Remove the rule from the built site's palette style sheet; False when a build before this
    one (``mkdocs serve`` keeps unchanged files) already had. A sheet that still names the mark in
    another form is a theme this code does not know: ValueError, rather than a silent no-op."""
    sheets = sorted((site_dir / "assets" / "stylesheets").glob("palette.*.min.css"))
    if len(sheets) != 1:
        raise ValueError(f"expected the theme's one palette style sheet, found {len(sheets)}")
    sheet = sheets[0]
    text = sheet.read_text(encoding="utf-8")
    kept, dropped = SWITCHING_RULE.subn("", text)
    if MARK in kept:
        raise ValueError(
            f"{sheet.name} names {MARK} in a rule hfguide.site.palette does not know: "
            "update SWITCHING_RULE for this version of the theme"
        )
    if dropped:
        sheet.write_text(kept, encoding="utf-8")
    return bool(dropped)
