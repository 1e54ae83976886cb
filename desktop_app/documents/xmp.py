"""XMP metadata of a PDF/A-3 file: PDF/A identification, Dublin Core, and the Factur-X properties
with the extension schema that declares them (built with lxml from the factur-x package's template)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources

from lxml import etree

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "fx": "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PACKET_ID = "W5M0MpCehiHzreSzNTczkc9d"   # the fixed id every XMP packet header carries


@dataclass(frozen=True, slots=True)
class XmpFields:
    title: str
    author: str
    subject: str
    creator_tool: str
    producer: str
    created: datetime
    facturx_level: str = ""    # "EN 16931"...; empty for a PDF/A file without Factur-X data


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def xmp_date(moment: datetime) -> str:
    """ISO 8601 with an explicit offset, the form XMP dates take."""
    return moment.isoformat(timespec="seconds")


def _description(parent: etree._Element, prefix: str) -> etree._Element:
    return etree.SubElement(parent, _q("rdf", "Description"), {_q("rdf", "about"): ""},
                            nsmap={prefix: NS[prefix]})


def _language_alternative(parent: etree._Element, name: str, text: str) -> None:
    alt = etree.SubElement(etree.SubElement(parent, name), _q("rdf", "Alt"))
    etree.SubElement(alt, _q("rdf", "li"), {XML_LANG: "x-default"}).text = text


def build_xmp(fields: XmpFields) -> bytes:
    """The complete XMP packet, as UTF-8 bytes (no `bytes` or `encoding` attribute: PDF/A forbids them)."""
    root = etree.Element(_q("x", "xmpmeta"), nsmap={"x": NS["x"]})
    rdf = etree.SubElement(root, _q("rdf", "RDF"), nsmap={"rdf": NS["rdf"]})
    ident = _description(rdf, "pdfaid")
    etree.SubElement(ident, _q("pdfaid", "part")).text = "3"
    etree.SubElement(ident, _q("pdfaid", "conformance")).text = "B"
    dublin = _description(rdf, "dc")
    _language_alternative(dublin, _q("dc", "title"), fields.title)
    seq = etree.SubElement(etree.SubElement(dublin, _q("dc", "creator")), _q("rdf", "Seq"))
    etree.SubElement(seq, _q("rdf", "li")).text = fields.author
    _language_alternative(dublin, _q("dc", "description"), fields.subject)
    etree.SubElement(_description(rdf, "pdf"), _q("pdf", "Producer")).text = fields.producer
    basic = _description(rdf, "xmp")
    etree.SubElement(basic, _q("xmp", "CreatorTool")).text = fields.creator_tool
    for name in ("CreateDate", "ModifyDate", "MetadataDate"):
        etree.SubElement(basic, _q("xmp", name)).text = xmp_date(fields.created)
    if fields.facturx_level:
        rdf.extend(_facturx_descriptions(fields.facturx_level))
    body = etree.tostring(root, encoding="unicode")
    return (f'<?xpacket begin="\ufeff" id="{PACKET_ID}"?>\n{body}\n<?xpacket end="w"?>').encode()


def _facturx_descriptions(level: str) -> list[etree._Element]:
    """The fx properties and their PDF/A extension schema, from the factur-x package's template."""
    template = etree.fromstring(_facturx_template())
    descriptions = [element for element in template if element.tag == _q("rdf", "Description")]
    for element in template.iter(_q("fx", "ConformanceLevel")):
        element.text = level
    return descriptions


@cache
def _facturx_template() -> bytes:
    """Factur-X_extension_schema.xmp as shipped by factur-x (comments dropped when parsed)."""
    path = resources.files("facturx").joinpath("xmp", "Factur-X_extension_schema.xmp")
    return path.read_bytes()
