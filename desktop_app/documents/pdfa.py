"""reportlab output turned into PDF/A-3B, optionally carrying a Factur-X invoice (factur-x.xml).

One pikepdf (qpdf) pass adds what reportlab does not write: XMP metadata matching the Info
dictionary, an sRGB output intent, the embedded XML with its AFRelationship in /AF, and a trailer
ID computed from the content. `facturx.generate_from_binary` rewrites every object through pypdf
(~9 ms, doubling the file); this pass takes ~1 ms and adds ~5 KB. Dates come from the
document, so rendering the same document twice gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache

import pikepdf
from facturx import facturx as fx
from lxml import etree
from pikepdf import Array, Dictionary, Name, String
from PIL import ImageCms

from desktop_app.documents.xmp import XmpFields, build_xmp

PRODUCER = "Comptoir (reportlab, pikepdf)"
CREATOR_TOOL = "Comptoir"
# Factur-X: MINIMUM and BASIC WL carry only data ("Data"); the full profiles are the invoice
# itself, which the FNFE-MPE samples mark "Source" (Germany's ZUGFeRD expects "Alternative").
AF_RELATIONSHIP = {"minimum": "Data", "basicwl": "Data", "basic": "Source", "en16931": "Source",
                   "extended": "Source"}
SRGB_CONDITION = "sRGB IEC61966-2.1"


class FacturXError(ValueError):
    """The XML given for embedding is not a Factur-X invoice."""


@dataclass(frozen=True, slots=True)
class PdfMetadata:
    title: str
    author: str
    subject: str
    created: date | datetime      # a date means midnight UTC that day
    language: str = ""            # BCP 47, e.g. "fr" or "fr-FR"

    @property
    def moment(self) -> datetime:
        created = self.created
        if isinstance(created, datetime):
            return created if created.tzinfo else created.replace(tzinfo=UTC)
        return datetime.combine(created, time(0, 0), tzinfo=UTC)


def make_pdfa(pdf: bytes, metadata: PdfMetadata) -> bytes:
    """`pdf` as PDF/A-3B, with no attachment (letters, statements)."""
    return _assemble(pdf, metadata, None)


def make_facturx(pdf: bytes, cii_xml: bytes, metadata: PdfMetadata, level: str | None = None) -> bytes:
    """`pdf` as a PDF/A-3B Factur-X file embedding `cii_xml`; the level is read from BT-24 if not given."""
    level = level or facturx_level(cii_xml)
    if level not in fx.FACTURX_LEVEL2xmp:
        raise FacturXError(f"unknown Factur-X level {level!r}")
    relationship = AF_RELATIONSHIP[level]
    if relationship.lower() not in fx.XML_AFRelationship:
        raise FacturXError(f"AFRelationship {relationship} is not one Factur-X allows")
    return _assemble(pdf, metadata, (cii_xml, level, relationship))


def facturx_level(cii_xml: bytes) -> str:
    """The Factur-X level ("en16931"...) that the XML's guideline ID (BT-24) declares."""
    try:
        root = etree.fromstring(cii_xml)
        return str(fx.get_level(root, flavor="factur-x"))
    except (etree.XMLSyntaxError, ValueError) as error:
        raise FacturXError(f"not a Factur-X CII invoice: {error}") from None


def _assemble(pdf_bytes: bytes, metadata: PdfMetadata, attachment: tuple[bytes, str, str] | None) -> bytes:
    moment = metadata.moment
    pdf_date = moment.strftime("D:%Y%m%d%H%M%S+00'00'")
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        root = pdf.Root
        level_name = ""
        if attachment is not None:
            xml, level, relationship = attachment
            _embed_xml(pdf, xml, relationship, pdf_date)
            level_name = fx.FACTURX_LEVEL2xmp[level]
        xmp = build_xmp(XmpFields(metadata.title, metadata.author, metadata.subject, CREATOR_TOOL, PRODUCER,
                                  moment, level_name))
        root.Metadata = pdf.make_indirect(pikepdf.Stream(pdf, xmp, Type=Name.Metadata, Subtype=Name.XML))
        root.OutputIntents = Array([_output_intent(pdf)])
        if metadata.language:
            root.Lang = String(metadata.language)
        pdf.trailer.Info = pdf.make_indirect(Dictionary(
            Title=String(metadata.title), Author=String(metadata.author), Subject=String(metadata.subject),
            Creator=String(CREATOR_TOOL), Producer=String(PRODUCER),
            CreationDate=String(pdf_date), ModDate=String(pdf_date)))
        out = io.BytesIO()
        # reportlab's streams are already compressed and ours are compressed here: letting qpdf
        # decode and recompress everything would cost 2 ms of the 2.5. fix_metadata_version would
        # rewrite our XMP. The trailer ID is a hash of the content, so it is reproducible.
        pdf.save(out, min_version="1.7", fix_metadata_version=False, deterministic_id=True,
                 compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


def _embed_xml(pdf: pikepdf.Pdf, xml: bytes, relationship: str, pdf_date: str) -> None:
    name = String(fx.FACTURX_FILENAME)
    stream = pikepdf.Stream(pdf, zlib.compress(xml, 6))
    stream.Filter = Name.FlateDecode
    stream.Type = Name.EmbeddedFile
    stream.Subtype = Name("/text/xml")
    stream.Params = Dictionary(ModDate=String(pdf_date), Size=len(xml),
                               CheckSum=String(hashlib.md5(xml, usedforsecurity=False).digest()))
    file_ref = pdf.make_indirect(stream)
    spec = pdf.make_indirect(Dictionary(
        Type=Name.Filespec, F=name, UF=name, EF=Dictionary(F=file_ref, UF=file_ref),
        AFRelationship=Name("/" + relationship), Desc=String("Factur-X invoice")))
    pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array([name, spec])))
    pdf.Root.AF = pdf.make_indirect(Array([spec]))


def _output_intent(pdf: pikepdf.Pdf) -> Dictionary:
    profile = pikepdf.Stream(pdf, zlib.compress(srgb_profile(), 6))
    profile.Filter = Name.FlateDecode
    profile.N = 3
    return Dictionary(Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=String(SRGB_CONDITION),
                      RegistryName=String("http://www.color.org"), Info=String(SRGB_CONDITION),
                      DestOutputProfile=pdf.make_indirect(profile))


@cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile made by LittleCMS (through Pillow), so nothing needs shipping or licensing.

    LittleCMS stamps the creation time into the header; a fixed date keeps files reproducible, and
    the profile ID (an optional MD5 that would cover that date) is left zero, meaning "not computed".
    """
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = (2000).to_bytes(2, "big") + bytes([0, 1, 0, 1]) + bytes(6)
    data[84:100] = bytes(16)
    return bytes(data)
