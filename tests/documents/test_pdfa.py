"""The PDF/A-3B Factur-X container, read back with pikepdf and with the factur-x library."""

from __future__ import annotations

import hashlib
import io
import zlib
from datetime import date

import facturx
import pikepdf
import pytest
from lxml import etree

from desktop_app.documents.invoice_pdf import invoice_metadata, render_facturx_invoice, render_invoice
from desktop_app.documents.pdfa import FacturXError, PdfMetadata, facturx_level, make_facturx, make_pdfa, srgb_profile
from desktop_app.i18n import document_language
from tests.documents.conftest import cii_sample, make_invoice

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS = {"rdf": RDF, "pdfaid": "http://www.aiim.org/pdfa/ns/id/", "dc": "http://purl.org/dc/elements/1.1/",
      "pdf": "http://ns.adobe.com/pdf/1.3/", "xmp": "http://ns.adobe.com/xap/1.0/",
      "fx": "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#",
      "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/", "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
      "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#"}


@pytest.fixture(scope="module")
def facturx_pdf() -> bytes:
    document = make_invoice()
    return render_facturx_invoice(document, cii_sample(document))


def xmp_tree(data: bytes) -> etree._Element:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        stream = pdf.Root.Metadata
        assert "/Filter" not in stream, "PDF/A metadata streams stay unfiltered"
        raw = stream.read_raw_bytes()
    assert raw.startswith(b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>')
    assert b"bytes=" not in raw.split(b"?>")[0] and b"encoding=" not in raw.split(b"?>")[0]
    return etree.fromstring(raw)


def test_the_xml_is_embedded_as_factur_x_xml_with_its_relationship(facturx_pdf: bytes) -> None:
    document = make_invoice()
    xml = cii_sample(document)
    with pikepdf.open(io.BytesIO(facturx_pdf)) as pdf:
        names = pdf.Root.Names.EmbeddedFiles.Names
        assert str(names[0]) == "factur-x.xml"
        spec = names[1]
        assert spec.Type == "/Filespec" and str(spec.F) == "factur-x.xml" and str(spec.UF) == "factur-x.xml"
        assert spec.AFRelationship == "/Source"
        assert [item.objgen for item in pdf.Root.AF] == [spec.objgen]
        stream = spec.EF.F
        assert stream.Type == "/EmbeddedFile" and stream.Subtype == "/text/xml"
        assert str(stream.Params.ModDate) == "D:20260315000000+00'00'"
        assert int(stream.Params.Size) == len(xml)
        assert bytes(stream.Params.CheckSum) == hashlib.md5(xml).digest()
        assert stream.read_bytes() == xml


def test_the_factur_x_library_reads_the_xml_back(facturx_pdf: bytes) -> None:
    filename, xml = facturx.get_facturx_xml_from_pdf(facturx_pdf, check_xsd=False)
    assert filename == "factur-x.xml"
    assert xml == cii_sample(make_invoice())


def test_xmp_declares_pdfa_3b_and_the_factur_x_profile_with_its_extension_schema(facturx_pdf: bytes) -> None:
    tree = xmp_tree(facturx_pdf)
    assert tree.findtext(".//pdfaid:part", namespaces=NS) == "3"
    assert tree.findtext(".//pdfaid:conformance", namespaces=NS) == "B"
    assert tree.findtext(".//fx:ConformanceLevel", namespaces=NS) == "EN 16931"
    assert tree.findtext(".//fx:DocumentFileName", namespaces=NS) == "factur-x.xml"
    assert tree.findtext(".//fx:DocumentType", namespaces=NS) == "INVOICE"
    assert tree.findtext(".//fx:Version", namespaces=NS) == "1.0"
    schema = tree.find(".//pdfaExtension:schemas/rdf:Bag/rdf:li", namespaces=NS)
    assert schema.findtext("pdfaSchema:namespaceURI", namespaces=NS) == NS["fx"]
    assert schema.findtext("pdfaSchema:prefix", namespaces=NS) == "fx"
    declared = {li.findtext("pdfaProperty:name", namespaces=NS)
                for li in schema.findall("pdfaSchema:property/rdf:Seq/rdf:li", namespaces=NS)}
    assert declared == {"DocumentFileName", "DocumentType", "Version", "ConformanceLevel"}


def test_the_info_dictionary_matches_the_xmp(facturx_pdf: bytes) -> None:
    tree = xmp_tree(facturx_pdf)
    with pikepdf.open(io.BytesIO(facturx_pdf)) as pdf:
        info = {str(key): str(value) for key, value in pdf.trailer.Info.items()}
    assert info["/Title"] == tree.findtext(".//dc:title/rdf:Alt/rdf:li", namespaces=NS)
    assert info["/Title"].endswith(" F2026-00042")
    assert info["/Author"] == tree.findtext(".//dc:creator/rdf:Seq/rdf:li", namespaces=NS) == "Atelier Lumière"
    assert info["/Subject"] == tree.findtext(".//dc:description/rdf:Alt/rdf:li", namespaces=NS)
    assert info["/Producer"] == tree.findtext(".//pdf:Producer", namespaces=NS)
    assert info["/Creator"] == tree.findtext(".//xmp:CreatorTool", namespaces=NS)
    assert info["/CreationDate"] == "D:20260315000000+00'00'"
    assert tree.findtext(".//xmp:CreateDate", namespaces=NS) == "2026-03-15T00:00:00+00:00"
    assert set(info) == {"/Title", "/Author", "/Subject", "/Producer", "/Creator", "/CreationDate", "/ModDate"}


def test_an_srgb_output_intent_carries_an_icc_profile(facturx_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(facturx_pdf)) as pdf:
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"
        assert "sRGB" in str(intent.OutputConditionIdentifier)
        profile = intent.DestOutputProfile
        assert int(profile.N) == 3
        icc = profile.read_bytes()
    assert icc == srgb_profile()
    assert icc[12:16] == b"mntr" and icc[16:20] == b"RGB " and icc[36:40] == b"acsp"
    assert icc[8] < 5, "PDF/A-3 accepts ICC profiles up to version 4"


def test_the_file_is_plain_pdf_17_with_an_id_and_nothing_active(facturx_pdf: bytes) -> None:
    assert facturx_pdf.startswith(b"%PDF-1.7\n%")
    assert all(byte > 127 for byte in facturx_pdf[10:14])
    with pikepdf.open(io.BytesIO(facturx_pdf)) as pdf:
        assert not pdf.is_encrypted
        assert len(pdf.trailer.ID) == 2
        for key in ("/OpenAction", "/AA", "/JavaScript", "/AcroForm"):
            assert key not in pdf.Root
        assert "/JavaScript" not in pdf.Root.Names
        for page in pdf.pages:
            assert "/AA" not in page and "/Annots" not in page
    assert b"/JavaScript" not in facturx_pdf and b"/JS " not in facturx_pdf


def test_rendering_twice_gives_the_same_bytes() -> None:
    document = make_invoice()
    xml = cii_sample(document)
    assert render_facturx_invoice(document, xml) == render_facturx_invoice(document, xml)
    other = render_facturx_invoice(make_invoice(number="F2026-00043"), xml)
    with pikepdf.open(io.BytesIO(other)) as a, pikepdf.open(io.BytesIO(render_facturx_invoice(document, xml))) as b:
        assert bytes(a.trailer.ID[0]) != bytes(b.trailer.ID[0])


def test_the_level_comes_from_the_guideline_id_and_sets_the_relationship() -> None:
    document = make_invoice()
    assert facturx_level(cii_sample(document)) == "en16931"
    minimum = cii_sample(document, "urn:factur-x.eu:1p0:minimum")
    assert facturx_level(minimum) == "minimum"
    with document_language("fr"):
        pdf = make_facturx(render_invoice(document), minimum, invoice_metadata(document))
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        assert opened.Root.AF[0].AFRelationship == "/Data"
    assert xmp_tree(pdf).findtext(".//fx:ConformanceLevel", namespaces=NS) == "MINIMUM"


def test_something_else_than_factur_x_is_refused() -> None:
    metadata = PdfMetadata("t", "a", "s", date(2026, 1, 1))
    pdf = render_invoice(make_invoice())
    with pytest.raises(FacturXError):
        make_facturx(pdf, b"<not-xml", metadata)
    with pytest.raises(FacturXError):
        make_facturx(pdf, b"<Invoice xmlns='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'/>", metadata)


def test_pdfa_without_attachment_has_no_factur_x_properties() -> None:
    pdf = make_pdfa(render_invoice(make_invoice()), PdfMetadata("Lettre", "Atelier", "Relance", date(2026, 3, 1), "fr"))
    tree = xmp_tree(pdf)
    assert tree.findtext(".//pdfaid:part", namespaces=NS) == "3"
    assert tree.find(".//fx:ConformanceLevel", namespaces=NS) is None
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        assert "/AF" not in opened.Root and "/Names" not in opened.Root
        assert str(opened.Root.Lang) == "fr"


def test_the_embedding_keeps_the_file_small() -> None:
    document = make_invoice()
    plain = render_invoice(document)
    xml = cii_sample(document)
    assembled = render_facturx_invoice(document, xml)
    overhead = len(assembled) - len(plain)
    assert overhead < len(zlib.compress(xml)) + len(zlib.compress(srgb_profile())) + 6000


def test_the_cii_writer_output_embeds_and_validates_against_the_factur_x_xsd() -> None:
    cii = pytest.importorskip("desktop_app.formats.cii")
    document = make_invoice()
    xml = cii.invoice_to_cii(document)
    pdf = render_facturx_invoice(document, xml)
    filename, embedded = facturx.get_facturx_xml_from_pdf(pdf, check_xsd=True)
    assert (filename, embedded) == ("factur-x.xml", xml)
    assert facturx.get_level(etree.fromstring(embedded)) == "en16931"
