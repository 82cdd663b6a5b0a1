"""The bill as a Word document: A4, real styles, page numbers, mincho for Japanese.

Chapter headings use Heading 1 and article captions Heading 2, so both show in Word's
navigation pane. Paragraphs hang their number the way Japanese bills do. The output is
reproducible: fixed document properties and fixed zip timestamps give the same bytes for
the same input.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from ..layout import Block, blocks, paired
from ..model import Document

MINCHO = "MS Mincho"
GOTHIC = "MS Gothic"
LATIN = "Times New Roman"
FIXED_TIME = datetime(2001, 1, 1, tzinfo=UTC)
BODY_PT = 10.5

# style name → (base, size, left indent in characters, hanging indent in characters, bold)
STYLES = {
    "Bill Title": ("Title", 16, 0, 0, True),
    "TOC Heading JP": ("Normal", BODY_PT, 0, 0, False),
    "TOC Entry": ("Normal", BODY_PT, 1, 0, False),
    "Heading 1": (None, 12, 3, 0, True),
    "Heading 2": (None, BODY_PT, 1, 0, False),
    "Article": ("Normal", BODY_PT, 1, 1, False),
    "Item": ("Normal", BODY_PT, 2, 1, False),
    "Subitem": ("Normal", BODY_PT, 3, 1, False),
    "Reason": ("Normal", BODY_PT, 0, 0, False),
}
BLOCK_STYLE = {
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
    "reason": "Reason",
}


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


def _define_styles(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    set_fonts(normal.element)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.15
    from docx.enum.style import WD_STYLE_TYPE

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
    # The built-in heading styles are blue in python-docx's template; bills are black.
    for name in ("Heading 1", "Heading 2", "Title", "Bill Title"):
        rpr = styles[name].element.get_or_add_rPr()
        color = rpr.find(qn("w:color"))
        if color is not None:
            color.attrib.pop(qn("w:themeColor"), None)
            color.set(qn("w:val"), "000000")


def _page_setup(doc, landscape: bool = False) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(25))
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
    props.title = title
    props.author = "clausewise"
    props.last_modified_by = "clausewise"
    props.created = FIXED_TIME.replace(tzinfo=None)
    props.modified = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    props.category = ""


def reproducible_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed timestamps so that equal input gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def new_document(title: str, landscape: bool = False):
    doc = new_docx()
    _define_styles(doc)
    _page_setup(doc, landscape)
    _fix_properties(doc, title)
    return doc


def add_block(container, block: Block, lang: str) -> None:
    para = container.add_paragraph(style=BLOCK_STYLE[block.kind])
    para.add_run(block.line(lang))


class StyleIds:
    """Paragraph style ids looked up once per name.

    python-docx resolves a style name on every paragraph by listing all styles to find the
    default one, which is most of the time of writing a long bill.
    """

    def __init__(self, doc):
        from docx.enum.style import WD_STYLE_TYPE

        self._part = doc.part
        self._type = WD_STYLE_TYPE.PARAGRAPH
        self._ids: dict[str, str | None] = {}

    def __getitem__(self, name: str) -> str | None:
        if name not in self._ids:
            self._ids[name] = self._part.get_style_id(name, self._type)
        return self._ids[name]


class BodyAppender:
    """Appends styled paragraphs to the end of the body, in time linear in their number.

    `add(style, text)` gives the same XML as `doc.add_paragraph(style=style)` followed by
    `.add_run(text)` (no run when text is None), and returns the Paragraph. python-docx
    searches the body for its final w:sectPr and resolves the style name on every
    add_paragraph, which makes a long document quadratic; here both are done once.
    """

    def __init__(self, doc):
        self.parent = doc._body
        self.body = doc.element.body
        self.anchor = self.body.find(qn("w:sectPr"))
        self.style_ids = StyleIds(doc)

    def add(self, style: str | None = None, text: str | None = None) -> Paragraph:
        p = OxmlElement("w:p")
        if self.anchor is not None:
            self.anchor.addprevious(p)
        else:
            self.body.append(p)
        style_id = self.style_ids[style] if style is not None else None
        if style_id is not None:
            p.style = style_id
        if text is not None:
            r = p.add_r()
            if text:
                r.text = text
        return Paragraph(p, self.parent)


def save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return reproducible_zip(buf.getvalue())


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def write(bill: Document, lang: str = "ja") -> bytes:
    if lang in ("ja", "en"):
        doc = new_document(bill.title[lang])
        body = doc.paragraphs[0]._p if doc.paragraphs else None
        if body is not None:
            body.getparent().remove(body)
        appender = BodyAppender(doc)
        for block in blocks(bill, lang):
            appender.add(BLOCK_STYLE[block.kind], block.line(lang))
        return save(doc)
    doc = new_document(bill.title["ja"], landscape=True)
    table = doc.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    width = Mm(120)
    style_ids = StyleIds(doc)
    for ja, en in paired(bill):
        row = table.add_row()
        for cell, block, cell_lang in ((row.cells[0], ja, "ja"), (row.cells[1], en, "en")):
            cell.width = width
            para = cell.paragraphs[0]
            para._p.style = style_ids[BLOCK_STYLE[block.kind]]
            para.add_run(block.line(cell_lang))
    return save(doc)
