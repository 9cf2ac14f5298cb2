"""Move report text from a ``CATALOGUE`` dict in ``sekalk/report/i18n.py`` into the gettext
catalogues ``sekalk/text/locale/<lang>/LC_MESSAGES/sekalk.po``.

How to run it (from the repository root, with the project's venv)::

    python tools/i18n_to_po.py              # move the dict's entries, drop the dict, compile
    python tools/i18n_to_po.py --check      # exit 1 if a dict is left to move (nothing written)
    python tools/i18n_to_po.py --source F   # merge the dict of another file F (F is not changed)

``sekalk/report/i18n.py`` is a hand-written module of thin helpers (``t``, ``tn``, ...) that
read the catalogues. If it (or ``--source``) holds a ``CATALOGUE = {key: {lang: text}}`` dict,
as a branch written before the move does, every entry is merged into every ``.po``:

- the message id is the key (as for the error messages); a new entry is marked ``#. report``
  (with the comment lines above it in the dict) and is inserted after the entry that precedes
  it in the dict, so related messages stay together and the order is stable;
- an entry already in a catalogue is updated in place (its text), never duplicated; a plural
  entry in the catalogue (``msgid_plural``) is kept when the dict has a plain string for it;
- a value may be a list of plural forms (``{"sv": ["ett år", "{n} år"], ...}``), written as a
  plural entry;
- every language with a catalogue must be in every entry, and no other language.

Then the dict (and the comment lines directly above it) is removed from the file, the ``.mo``
files are compiled, and any remaining use of ``CATALOGUE`` in ``sekalk/`` or ``tests/`` is
listed (use ``sekalk.report.i18n.has``/``template``/``message_ids`` instead). Report entries of
the catalogues that the dict lacks are listed too (a key the branch removed or renamed is not
removed from the catalogues by this tool). Running it again with no dict changes nothing.

Merging a branch that still edits the dict (a conflict in ``sekalk/report/i18n.py``), either
resolve the conflict so that the file keeps the dict-less helpers and the branch's whole dict,
then run ``python tools/i18n_to_po.py``; or keep the helpers and merge the branch's dict from
its own copy of the file::

    git checkout --ours sekalk/report/i18n.py
    git show BRANCH:sekalk/report/i18n.py > /tmp/branch_i18n.py
    python tools/i18n_to_po.py --source /tmp/branch_i18n.py

(then port any change the branch made outside the dict by hand:
``git diff main BRANCH -- sekalk/report/i18n.py``).
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "sekalk" / "report" / "i18n.py"
LOCALE_DIR = ROOT / "sekalk" / "text" / "locale"
DICT_NAME = "CATALOGUE"
REPORT_MARK = "#. report"


class ConversionError(Exception):
    """The dict cannot be moved as it is."""


# --- reading the dict ----------------------------------------------------------------------------
@dataclass
class Source:
    """The ``CATALOGUE`` dict of a Python file, with where it sits."""

    entries: dict[str, dict[str, str | list[str]]]
    comments: dict[str, list[str]]  # key -> comment lines directly above it in the dict
    first_line: int  # 1-based, including the comment lines directly above the assignment
    last_line: int


def read_source(text: str, name: str) -> Source | None:
    """The ``CATALOGUE`` dict of a module's source ``text``, or ``None`` if it has none."""
    tree = ast.parse(text, filename=name)
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if isinstance(node, ast.Assign | ast.AnnAssign) and any(
            isinstance(t, ast.Name) and t.id == DICT_NAME for t in targets
        ):
            break
    else:
        return None
    if not isinstance(node.value, ast.Dict):
        raise ConversionError(f"{name}:{node.lineno}: {DICT_NAME} is not a dict literal")
    lines = text.splitlines()
    entries: dict[str, dict[str, str | list[str]]] = {}
    comments: dict[str, list[str]] = {}
    previous_end = node.value.lineno  # the line of the opening brace
    for key_node, value_node in zip(node.value.keys, node.value.values, strict=True):
        try:
            key = ast.literal_eval(key_node)
            value = ast.literal_eval(value_node)
        except ValueError as exc:
            raise ConversionError(
                f"{name}:{value_node.lineno}: an entry is not a literal ({exc})"
            ) from None
        if key in entries:
            raise ConversionError(f"{name}:{key_node.lineno}: the key {key!r} appears twice")
        if not isinstance(key, str) or not isinstance(value, dict):
            raise ConversionError(f"{name}:{key_node.lineno}: expected 'key': {{lang: text}}")
        entries[key] = {
            lang: list(text) if isinstance(text, list | tuple) else text
            for lang, text in value.items()
        }
        between = lines[previous_end : key_node.lineno - 1]
        comments[key] = [s.strip()[1:].strip() for s in between if s.strip().startswith("#")]
        previous_end = value_node.end_lineno or value_node.lineno
    first = node.lineno
    while first > 1 and lines[first - 2].strip().startswith("#"):
        first -= 1
    return Source(entries, comments, first, node.end_lineno or node.lineno)


def without_dict(text: str, source: Source) -> str:
    """``text`` with the dict's lines (and the comments directly above it) removed."""
    lines = text.splitlines(keepends=True)
    kept = lines[: source.first_line - 1] + lines[source.last_line :]
    out = re.sub(r"\n{4,}", "\n\n\n", "".join(kept))
    return out.rstrip("\n") + "\n"


# --- the .po files, as blocks of lines -----------------------------------------------------------
def po_escape(text: str) -> str:
    """``text`` as the body of a quoted .po string."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


def po_unescape(body: str) -> str:
    """The text of the body of a quoted .po string."""
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append({"n": "\n", "t": "\t", "r": "\r"}.get(nxt, nxt))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


@dataclass
class Block:
    """One entry of a .po file (or its header): its lines, and the parts that matter here."""

    lines: list[str]
    msgid: str | None = None
    plural: bool = False
    comments: list[str] = field(default_factory=list)
    strings: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, lines: list[str]) -> Block:
        block = cls(lines)
        keyword, parts = None, {}
        for line in lines:
            if line.startswith("#"):
                block.comments.append(line)
                continue
            m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(.*)"\s*$', line)
            if m:
                keyword = m.group(1)
                parts[keyword] = po_unescape(m.group(2))
            elif line.startswith('"') and keyword:
                parts[keyword] += po_unescape(line.strip()[1:-1])
        block.msgid = parts.get("msgid")
        block.plural = "msgid_plural" in parts
        block.strings = [v for k, v in parts.items() if k.startswith("msgstr")]
        return block


def read_po(path: Path) -> list[Block]:
    """The blocks of a .po file (separated by blank lines), in order."""
    blocks, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(Block.parse(current))
            current = []
    if current:
        blocks.append(Block.parse(current))
    return blocks


def write_po(path: Path, blocks: list[Block]) -> None:
    path.write_text("\n\n".join("\n".join(b.lines) for b in blocks) + "\n", encoding="utf-8")


def entry_lines(key: str, text: str | list[str], comments: list[str]) -> list[str]:
    """The lines of a new entry (comments, msgid, msgstr)."""
    out = list(comments)
    out.append(f'msgid "{po_escape(key)}"')
    if isinstance(text, list):
        out.append(f'msgid_plural "{po_escape(key)}"')
        out += [f'msgstr[{i}] "{po_escape(form)}"' for i, form in enumerate(text)]
    else:
        out.append(f'msgstr "{po_escape(text)}"')
    return out


def merge(
    blocks: list[Block], source: Source, lang: str, notes: list[str]
) -> tuple[list[Block], int, int]:
    """``blocks`` with every entry of ``source`` in language ``lang`` merged in.

    Returns the new blocks, the number of entries added and the number updated.
    """
    index = {b.msgid: i for i, b in enumerate(blocks) if b.msgid}
    added = updated = 0
    previous: str | None = None
    for key, texts in source.entries.items():
        text = texts[lang]
        if key in index:
            block = blocks[index[key]]
            if block.plural and not isinstance(text, list):
                if key not in notes:
                    notes.append(key)
            else:
                wanted = text if isinstance(text, list) else [text]
                if block.strings != wanted or block.plural != isinstance(text, list):
                    body = entry_lines(key, text, [])
                    blocks[index[key]] = Block.parse(block.comments + body)
                    updated += 1
        else:
            comments = [REPORT_MARK] + [f"#. {c}" if c else "#." for c in source.comments[key]]
            new = Block.parse(entry_lines(key, text, comments))
            at = index[previous] + 1 if previous in index else len(blocks)
            blocks.insert(at, new)
            index = {b.msgid: i for i, b in enumerate(blocks) if b.msgid}
            added += 1
        previous = key
    return blocks, added, updated


# --- the whole move ------------------------------------------------------------------------------
def po_files() -> dict[str, Path]:
    return {p.parent.parent.name: p for p in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/sekalk.po"))}


def check_languages(source: Source, langs: set[str], name: str) -> None:
    for key, texts in source.entries.items():
        if set(texts) != langs:
            raise ConversionError(
                f"{name}: {key!r} has the languages {sorted(texts)}; the catalogues are "
                f"{sorted(langs)} (add the missing text, or a catalogue for the language)"
            )
        for lang, text in texts.items():
            forms = text if isinstance(text, list) else [text]
            if not forms or not all(isinstance(f, str) and f.strip() for f in forms):
                raise ConversionError(f"{name}: {key!r} has no text in {lang}")


def remaining_uses() -> list[str]:
    """Places in sekalk/ and tests/ whose code (not text) still names the dict."""
    found = []
    for top in ("sekalk", "tests"):
        for path in sorted((ROOT / top).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            if DICT_NAME not in text:
                continue
            for node in ast.walk(ast.parse(text, filename=str(path))):
                name = (
                    getattr(node, "id", None)
                    if isinstance(node, ast.Name)
                    else getattr(node, "attr", None)
                    if isinstance(node, ast.Attribute)
                    else getattr(node, "name", None)
                    if isinstance(node, ast.alias)
                    else None
                )
                if name == DICT_NAME:
                    line = text.splitlines()[node.lineno - 1].strip()
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {line}")
    return found


def compile_catalogues() -> None:
    sys.path.insert(0, str(ROOT))
    from sekalk.text.compile import main as compile_main

    compile_main()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, help="merge the dict of this file (not changed)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a dict is left to move")
    args = parser.parse_args(argv)
    path = args.source or I18N
    text = path.read_text(encoding="utf-8")
    try:
        source = read_source(text, str(path))
        if source is None:
            print(f"{path}: no {DICT_NAME} dict; nothing to move")
            return 0
        if args.check:
            print(f"{path}: {len(source.entries)} entries of {DICT_NAME} to move")
            return 1
        catalogues = po_files()
        check_languages(source, set(catalogues), str(path))
    except ConversionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    notes: list[str] = []
    for lang, po in catalogues.items():
        blocks, added, updated = merge(read_po(po), source, lang, notes)
        write_po(po, blocks)
        print(f"{po.relative_to(ROOT)}: {added} added, {updated} updated")
    if notes:
        print(
            f"note: kept the catalogues' plural entries where the dict has one form: "
            f"{', '.join(notes)}"
        )
    reference = read_po(catalogues["en"]) if "en" in catalogues else []
    lacking = [
        b.msgid
        for b in reference
        if b.msgid and REPORT_MARK in b.comments and b.msgid not in source.entries
    ]
    if lacking:
        print(
            f"note: {len(lacking)} report entries of the catalogues are not in the dict "
            f"(kept): {', '.join(lacking)}"
        )
    if args.source is None:
        path.write_text(without_dict(text, source), encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {DICT_NAME} removed")
    compile_catalogues()
    uses = remaining_uses()
    if uses:
        print(f"warning: {DICT_NAME} is still used (it no longer exists):", file=sys.stderr)
        for use in uses:
            print(f"  {use}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
