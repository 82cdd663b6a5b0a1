"""The house style of every Word document clausewise writes, and the pieces they share.

One place decides how a clausewise .docx looks and is put together, so the bill, the
comparison report, the redline and the 新旧対照表 cannot drift apart:

- house style: mincho for Japanese body text, gothic for headings, Times New Roman for
  Latin script, 10.5 pt body, black headings visible in Word's navigation pane;
- page set-up: A4 portrait or landscape, 25 mm margins, a PAGE field centred in the footer;
- text that is safe in XML (`xml_safe`): a character XML 1.0 forbids, which a bill or
  template may well carry, would otherwise stop the writer half-way;
- tracked changes (`Revisions`): w:ins / w:del with unique ids, one author, one date;
- reproducible bytes (`save`): fixed document properties and zip timestamps, so the same
  input gives the same file.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from datetime import UTC, datetime

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.part import XmlPart
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import oxml_parser
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml.etree import SubElement

MINCHO = "MS Mincho"
GOTHIC = "MS Gothic"
LATIN = "Times New Roman"
FIXED_TIME = datetime(2001, 1, 1, tzinfo=UTC)
BODY_PT = 10.5
A4_MM = (210, 297)
MARGIN_MM = 25

# style name → (base, size, left indent in characters, hanging indent in characters, bold)
STYLES = {
    "Bill Header": ("Normal", BODY_PT, 0, 0, False),
    "Bill Title": ("Title", 16, 0, 0, True),
    "TOC Heading JP": ("Normal", BODY_PT, 0, 0, False),
    "TOC Entry": ("Normal", BODY_PT, 1, 0, False),
    "Heading 1": (None, 12, 3, 0, True),
    "Heading 2": (None, BODY_PT, 1, 0, False),
    "Article": ("Normal", BODY_PT, 1, 1, False),
    "Item": ("Normal", BODY_PT, 2, 1, False),
    "Subitem": ("Normal", BODY_PT, 3, 1, False),
    # A 改め文 sentence: its own paragraph, the first line one character in (hanging -1).
    "Amendment": ("Normal", BODY_PT, 0, -1, False),
    "Reason": ("Normal", BODY_PT, 0, 0, False),
}
# The layout's block kinds (drafts.layout.Block.kind) and the paragraph style of each.
BLOCK_STYLE = {
    "header": "Bill Header",
    "title": "Bill Title",
    "toc_head": "TOC Heading JP",
    "toc": "TOC Entry",
    "chapter": "Heading 1",
    "suppl_head": "Heading 1",
    "reason_head": "Heading 1",
    "caption": "Heading 2",
    "paragraph": "Article",
    "item": "Item",
    "subitem": "Subitem",
    "amend": "Amendment",
    "reason": "Reason",
}
# Built-in styles the writers use besides STYLES; python-docx's template makes the headings
# blue in a theme font, bills and their tables are black in the house fonts.
BUILT_IN_HEADINGS = ("Title", "Heading 3")

# Characters XML 1.0 forbids (tab, newline and carriage return are allowed).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 forbids (python-docx refuses them outright)."""
    return _XML_FORBIDDEN.sub("", text)


def block_style(kind: str) -> str:
    """The paragraph style of a layout block kind; an unknown kind is body text."""
    return BLOCK_STYLE.get(kind, "Article")


def usable_width_mm(landscape: bool = False) -> float:
    """The width between the margins of the page new_document sets up."""
    return (A4_MM[1] if landscape else A4_MM[0]) - 2 * MARGIN_MM


def set_fonts(rpr_owner, east_asia: str = MINCHO, latin: str = LATIN) -> None:
    """Set Latin and East Asian fonts on a style or run (w:rFonts ascii/hAnsi/eastAsia)."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "ja-JP")


def _black(style) -> None:
    rpr = style.element.get_or_add_rPr()
    color = rpr.find(qn("w:color"))
    if color is not None:
        color.attrib.pop(qn("w:themeColor"), None)
        color.set(qn("w:val"), "000000")


def _define_styles(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    set_fonts(normal.element)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.15
    for name, (base, size, left, hanging, bold) in STYLES.items():
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles[base]
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = None
        set_fonts(style.element, GOTHIC if name.startswith("Heading") else MINCHO)
        pf = style.paragraph_format
        pf.left_indent = Pt(size * (left + 0) if not hanging else BODY_PT * left)
        pf.first_line_indent = Pt(-BODY_PT * hanging) if hanging else None
        pf.space_before = Pt(6 if name in ("Heading 1",) else 0)
        pf.space_after = Pt(6 if name in ("Heading 1", "Bill Title") else 0)
        pf.keep_with_next = name.startswith("Heading") or name == "Bill Title"
    styles["Bill Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The 理由 is set as bills set it: each paragraph indented one character.
    styles["Reason"].paragraph_format.first_line_indent = Pt(BODY_PT)
    for name in ("Heading 1", "Heading 2", "Bill Title", *BUILT_IN_HEADINGS):
        _black(styles[name])
    for name in BUILT_IN_HEADINGS:
        set_fonts(styles[name].element, MINCHO if name == "Title" else GOTHIC)


def _page_setup(doc, landscape: bool) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    short, long = Mm(A4_MM[0]), Mm(A4_MM[1])
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_field(para, "PAGE")


def add_field(paragraph, instr: str) -> None:
    """A simple field (PAGE) that Word and LibreOffice compute when they lay out the page."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def _fix_properties(doc, title: str) -> None:
    props = doc.core_properties
    props.title = xml_safe(title)
    props.author = "clausewise"
    props.last_modified_by = "clausewise"
    props.created = FIXED_TIME.replace(tzinfo=None)
    props.modified = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    props.category = ""


def new_document(title: str, landscape: bool = False):
    """An empty document in the house style, A4, with page numbers and fixed properties."""
    doc = new_docx()
    _define_styles(doc)
    _page_setup(doc, landscape)
    _fix_properties(doc, title)
    for p in list(doc.paragraphs):  # the template's empty first paragraph, if any
        p._p.getparent().remove(p._p)
    return doc


# The legislative bureaux' setting of a bill: headings in mincho without bold, the 題名
# indented four characters and the 章名 three, none centred.
BUREAU_INDENT = {"Bill Title": 4, "Heading 1": 3, "Heading 2": 1}


def bureau_style(doc) -> None:
    """Restyle a new_document for a bill as the 法制局 set it (review finding 46)."""
    styles = doc.styles
    for name, chars in BUREAU_INDENT.items():
        style = styles[name]
        style.font.bold = False
        style.font.size = Pt(BODY_PT)
        set_fonts(style.element, MINCHO)
        pf = style.paragraph_format
        pf.alignment = WD_ALIGN_PARAGRAPH.LEFT
        pf.left_indent = Pt(BODY_PT * chars)
        pf.first_line_indent = None


def _fixed_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def reproducible_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed timestamps so that equal input gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(_fixed_info(info.filename), src.read(info.filename))
    return out.getvalue()


class _FixedZipWriter:
    """python-docx's package writer with fixed timestamps, streaming each XML part.

    python-docx serialises every XML part to one bytes object and zips it with the time of
    day; rewriting that zip (reproducible_zip) then held the document's XML once more,
    uncompressed. Here an XML part is serialised straight into the zip stream, in the
    order and with the bytes python-docx writes, so a long redline never holds its XML text.
    """

    def __init__(self, out):
        self._zipf = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri, blob) -> None:
        self._zipf.writestr(_fixed_info(pack_uri.membername), blob)

    def write_xml(self, pack_uri, element) -> None:
        with self._zipf.open(_fixed_info(pack_uri.membername), "w") as dest:
            element.getroottree().write(dest, encoding="UTF-8", standalone=True)

    def open(self, pack_uri):
        return self._zipf.open(_fixed_info(pack_uri.membername), "w")

    def close(self) -> None:
        self._zipf.close()


def save(doc) -> bytes:
    """The document's bytes, the same for the same content.

    The streaming writer leans on python-docx's package writer internals; should a release
    rename them, the document is saved the plain way (the same bytes, more memory)."""
    try:
        return _save_streaming(doc)
    except AttributeError:
        buf = io.BytesIO()
        doc.save(buf)
        return reproducible_zip(buf.getvalue())


def save_pieces(doc, out, pieces) -> None:
    """Write the package to the binary stream `out` as save() does, its main document.xml
    made of `pieces` in order (bytes, or binary files read from their start): for a
    document too long to hold as one tree (the comparison report of a long bill), whose
    body was serialised piece by piece while it was made."""
    try:
        _save_streaming(doc, out, pieces)
    except AttributeError:
        buf = io.BytesIO()
        doc.save(buf)
        main = doc.part.partname.membername
        with (
            zipfile.ZipFile(buf) as src,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
        ):
            for info in src.infolist():
                if info.filename == main:
                    with dst.open(_fixed_info(main), "w") as dest:
                        _copy_pieces(pieces, dest)
                else:
                    dst.writestr(_fixed_info(info.filename), src.read(info.filename))


def _copy_pieces(pieces, dest) -> None:
    for piece in pieces:
        if isinstance(piece, bytes):
            dest.write(piece)
        else:
            piece.seek(0)
            shutil.copyfileobj(piece, dest)


def _save_streaming(doc, out=None, pieces=None) -> bytes | None:
    # Looked up before anything is written: a missing one falls back with nothing half done.
    write_content_types = PackageWriter._write_content_types_stream
    write_package_rels = PackageWriter._write_pkg_rels
    package = doc.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    target = io.BytesIO() if out is None else out
    writer = _FixedZipWriter(target)
    try:
        write_content_types(writer, parts)
        write_package_rels(writer, package.rels)
        for part in parts:
            if pieces is not None and part is doc.part:
                with writer.open(part.partname) as dest:
                    _copy_pieces(pieces, dest)
            elif isinstance(part, XmlPart):
                writer.write_xml(part.partname, part.element)
            else:
                writer.write(part.partname, part.blob)
            if len(part.rels):
                writer.write(part.partname.rels_uri, part.rels.xml)
    finally:
        writer.close()
    return target.getvalue() if out is None else None


class StyleIds:
    """Paragraph style ids looked up once per name.

    python-docx resolves a style name on every paragraph by listing all styles to find the
    default one, which is most of the time of writing a long bill.
    """

    def __init__(self, doc):
        self._part = doc.part
        self._ids: dict[str, str | None] = {}

    def __getitem__(self, name: str) -> str | None:
        if name not in self._ids:
            self._ids[name] = self._part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
        return self._ids[name]


# Paragraphs and runs are built on the XML layer (lxml, with python-docx's element
# classes) rather than through python-docx's proxies: their generic child insertion and
# per-character text appender were most of the time of writing a long bill. Every element
# below is the one python-docx makes for the same call, in the same place, so the bytes are
# the same (tests/drafts/test_wordkit_fastpath.py holds the two side by side).
_W = {"w": nsmap["w"]}
_P, _PPR, _PSTYLE, _R = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:r")
_T, _TAB, _BR, _VAL = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:val")
_SPACE = qn("xml:space")
_DEL_TEXT, _INS, _DEL = qn("w:delText"), qn("w:ins"), qn("w:del")
_ID, _AUTHOR, _DATE = qn("w:id"), qn("w:author"), qn("w:date")
_RUN_BREAKS = re.compile("([\t\r\n])")


def _fill_run(r, text: str) -> None:
    """Text into an empty w:r as python-docx's Run.text puts it: a w:t per stretch of
    characters (xml:space="preserve" when it starts or ends with white space, as str.strip
    sees it, the ideographic space included), w:tab for a tab, w:br for each CR or LF."""
    for piece in _RUN_BREAKS.split(text) if _RUN_BREAKS.search(text) else (text,):
        if piece == "\t":
            SubElement(r, _TAB)
        elif piece == "\n" or piece == "\r":
            SubElement(r, _BR)
        elif piece:
            t = SubElement(r, _T)
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(_SPACE, "preserve")


def _set_pstyle(p, style_id: str) -> None:
    """p.style = style_id: w:pStyle is the first child of w:pPr, itself the first of w:p."""
    ppr = p.find(_PPR)
    if ppr is None:
        ppr = oxml_parser.makeelement(_PPR, nsmap=_W)
        p.insert(0, ppr)
    pstyle = ppr.find(_PSTYLE)
    if pstyle is None:
        pstyle = oxml_parser.makeelement(_PSTYLE, nsmap=_W)
        ppr.insert(0, pstyle)
    pstyle.set(_VAL, style_id)


def _append_run(p, text: str):
    """paragraph.add_run(text)'s w:r: appended after the paragraph's content."""
    r = SubElement(p, _R)
    if text:
        _fill_run(r, text)
    return r


class BodyAppender:
    """Appends styled paragraphs to the end of the body, in time linear in their number.

    `add(style, text)` gives the same XML as `doc.add_paragraph(style=style)` followed by
    `.add_run(text)` (no run when text is None; no empty w:pPr for the default style), and
    returns the Paragraph. python-docx
    searches the body for its final w:sectPr and resolves the style name on every
    add_paragraph, which makes a long document quadratic; here both are done once.
    """

    def __init__(self, doc):
        self.parent = doc._body
        self.body = doc.element.body
        self.anchor = self.body.find(qn("w:sectPr"))
        self.style_ids = StyleIds(doc)

    def add(self, style: str | None = None, text: str | None = None) -> Paragraph:
        p = oxml_parser.makeelement(_P, nsmap=_W)
        if self.anchor is not None:
            self.anchor.addprevious(p)
        else:
            self.body.append(p)
        style_id = self.style_ids[style] if style is not None else None
        if style_id is not None:
            SubElement(SubElement(p, _PPR), _PSTYLE).set(_VAL, style_id)
        if text is not None:
            _append_run(p, xml_safe(text))
        return Paragraph(p, self.parent)


def set_style(paragraph: Paragraph, style_ids: StyleIds, name: str) -> None:
    """Give a paragraph a style by id, without python-docx's per-call style lookup."""
    style_id = style_ids[name]
    if style_id is None:
        paragraph._p.style = None
    else:
        _set_pstyle(paragraph._p, style_id)


def add_text(paragraph: Paragraph, text: str, bold: bool | None = None) -> Run:
    """A run of XML-safe text at the end of a paragraph; line breaks become w:br."""
    run = Run(_append_run(paragraph._p, xml_safe(text)), paragraph)
    if bold is not None:
        run.bold = bold
    return run


def repeat_header(row) -> None:
    """Repeat a table's first row at the top of every page, as printed tables do."""
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def no_borders(table) -> None:
    """A layout table: no ruled lines."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def text_run(text: str, deleted: bool = False):
    """A bare w:r holding XML-safe text; deleted text must sit in w:delText, never w:t."""
    run = oxml_parser.makeelement(_R, nsmap=_W)
    t = SubElement(run, _DEL_TEXT if deleted else _T)
    t.set(_SPACE, "preserve")
    t.text = xml_safe(text)
    return run


class Revisions:
    """Builds tracked changes (w:ins / w:del) with unique ids, one author and one date.

    `date` is an ISO 8601 UTC timestamp (e.g. "2001-01-01T00:00:00Z"); an author that is
    empty once made XML-safe becomes "clausewise".
    """

    def __init__(self, author: str, date: str) -> None:
        self.author = xml_safe(author) or "clausewise"
        self.date = date
        self.next_id = 1

    def element(self, kind: str):
        """An empty w:ins or w:del (kind "ins" or "del") carrying the next id."""
        if kind not in ("ins", "del"):
            raise ValueError(f"a revision is ins or del, not {kind!r}")
        el = oxml_parser.makeelement(_INS if kind == "ins" else _DEL, nsmap=_W)
        el.set(_ID, str(self.next_id))
        el.set(_AUTHOR, self.author)
        el.set(_DATE, self.date)
        self.next_id += 1
        return el

    def inserted(self, text: str):
        """A w:ins wrapping a run of inserted text."""
        wrapper = self.element("ins")
        wrapper.append(text_run(text))
        return wrapper

    def deleted(self, text: str):
        """A w:del wrapping a run of deleted text (w:delText)."""
        wrapper = self.element("del")
        wrapper.append(text_run(text, deleted=True))
        return wrapper

    def mark_paragraph(self, paragraph: Paragraph, kind: str) -> None:
        """Make the paragraph mark itself a revision (w:pPr/w:rPr/w:ins|w:del): a whole
        inserted or deleted paragraph, which accepting or rejecting removes entirely."""
        rpr = OxmlElement("w:rPr")
        rpr.append(self.element(kind))
        paragraph._p.get_or_add_pPr().append(rpr)
