"""Pre-determinations as FHIR R4: the Claim we send and the ClaimResponse we read back.

`build_claim` writes a self-contained Claim with use "preauthorization": the
practice, provider, patient, payer and coverage travel as contained resources,
so the payer needs no server of ours. It is validated with fhir.resources' R4B
models (Claim and ClaimResponse are the same in R4 and R4B) before it is returned.

Codes follow HL7 Terminology: CDT procedures in `http://www.ada.org/cdt`, NPIs in
`http://hl7.org/fhir/sid/us-npi`. Teeth and surfaces follow the official oral
examples (`http://fdi.org/fhir/oraltoothcodes`, `.../oralsurfacecodes`), which
use FDI two-digit tooth numbers: Casepath's Universal numbers are converted
(`universal_to_fdi`), and the facial surface F is written V (vestibular).
No Django here; invalid input raises CasepathError naming the field.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final, Literal

from fhir.resources.R4B.claim import Claim
from fhir.resources.R4B.claimresponse import ClaimResponse
from pydantic import ValidationError

from casepath.core.errors import CasepathError, FieldError

CDT: Final = "http://www.ada.org/cdt"
NPI: Final = "http://hl7.org/fhir/sid/us-npi"
FDI_TOOTH: Final = "http://fdi.org/fhir/oraltoothcodes"
FDI_SURFACE: Final = "http://fdi.org/fhir/oralsurfacecodes"
CLAIM_TYPE: Final = "http://terminology.hl7.org/CodeSystem/claim-type"
INFO_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/claiminformationcategory"
PRIORITY: Final = "http://terminology.hl7.org/CodeSystem/processpriority"
RELATIONSHIP: Final = "http://terminology.hl7.org/CodeSystem/subscriber-relationship"
USD: Final = "USD"

Gender = Literal["male", "female", "other", "unknown"]
Relationship = Literal["self", "spouse", "child", "other"]
CoveragePriority = Literal["primary", "secondary"]

# Universal surface letters as FDI oral surface codes (facial is vestibular).
_SURFACES: Final = {"M": "M", "O": "O", "D": "D", "B": "B", "L": "L", "I": "I", "F": "V"}
ATTACHMENT_KINDS: Final = {
    "xray": "Radiographs",
    "perio_chart": "Periodontal chart",
    "photo": "Photographs",
    "other": "Other document",
}


# --- teeth ----------------------------------------------------------------------------------


def universal_to_fdi(tooth: str) -> str:
    """FDI number of a Universal tooth: 1 -> 18, 16 -> 28, 17 -> 38, 32 -> 48, A -> 55."""
    text = tooth.strip().upper()
    if text.isdigit() and 1 <= int(text) <= 32:
        quadrant, offset = divmod(int(text) - 1, 8)
        position = 8 - offset if quadrant in (0, 2) else offset + 1
        return f"{(1, 2, 3, 4)[quadrant]}{position}"
    if len(text) == 1 and "A" <= text <= "T":
        quadrant, offset = divmod(ord(text) - ord("A"), 5)
        position = 5 - offset if quadrant in (0, 2) else offset + 1
        return f"{quadrant + 5}{position}"
    raise CasepathError.at("tooth", f"{tooth!r} is not a Universal tooth number (1-32, A-T).")


def fdi_to_universal(code: str) -> str:
    """The Universal number of an FDI two-digit tooth (11-48 permanent, 51-85 primary)."""
    if len(code) == 2 and code.isdigit():
        quadrant, position = int(code[0]), int(code[1])
        if 1 <= quadrant <= 4 and 1 <= position <= 8:
            offset = 8 - position if quadrant in (1, 3) else position - 1
            return str((quadrant - 1) * 8 + offset + 1)
        if 5 <= quadrant <= 8 and 1 <= position <= 5:
            offset = 5 - position if quadrant in (5, 7) else position - 1
            return chr(ord("A") + (quadrant - 5) * 5 + offset)
    raise CasepathError.at("tooth", f"{code!r} is not an FDI tooth number.")


# --- the Claim ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimLine:
    """One procedure asked about. `tooth` is Universal; `surfaces` letters like "MOD"."""

    line_id: int
    code: str
    fee: Decimal
    tooth: str = ""
    surfaces: str = ""


@dataclass(frozen=True)
class ClaimAttachment:
    """A document sent with the request; `kind` is one of ATTACHMENT_KINDS."""

    kind: str
    title: str


@dataclass(frozen=True)
class ClaimRequest:
    practice_name: str
    practice_npi: str
    provider_name: str
    provider_npi: str
    patient_family: str
    patient_given: str
    patient_birth_date: date
    patient_gender: Gender
    member_id: str
    payer_name: str
    relationship: Relationship
    created: date
    priority: CoveragePriority
    lines: Sequence[ClaimLine]
    narrative: str = ""
    attachments: Sequence[ClaimAttachment] = ()
    reference: str = ""


def line_ids_by_sequence(request: ClaimRequest) -> dict[int, int]:
    """Claim item sequence (from 1, in request order) -> the request's line_id."""
    return {n: line.line_id for n, line in enumerate(request.lines, start=1)}


def build_claim(request: ClaimRequest) -> dict[str, Any]:
    """The FHIR R4 Claim (use "preauthorization") as a JSON-ready dict, validated."""
    _check_request(request)
    resource = {
        "resourceType": "Claim",
        "contained": _contained(request),
        "identifier": [{"value": request.reference}] if request.reference else None,
        "status": "active",
        "type": {"coding": [{"system": CLAIM_TYPE, "code": "oral"}]},
        "use": "preauthorization",
        "patient": {"reference": "#patient"},
        "created": request.created.isoformat(),
        "insurer": {"reference": "#payer", "display": request.payer_name},
        "provider": {"reference": "#practice", "display": request.practice_name},
        "priority": {"coding": [{"system": PRIORITY, "code": "normal"}]},
        "careTeam": [{"sequence": 1, "provider": {"reference": "#provider"}}],
        "supportingInfo": _supporting_info(request) or None,
        "insurance": [{"sequence": 1, "focal": True, "coverage": {"reference": "#coverage"}}],
        "item": [_item(n, line) for n, line in enumerate(request.lines, start=1)],
        "total": _usd(sum((line.fee for line in request.lines), Decimal(0))),
    }
    try:
        claim = Claim.model_validate({k: v for k, v in resource.items() if v is not None})
    except ValidationError as exc:
        raise CasepathError(*_validation_errors(exc)) from None
    result: dict[str, Any] = claim.model_dump(mode="json", exclude_none=True)
    return result


def _check_request(request: ClaimRequest) -> None:
    problems: list[FieldError] = []
    for name in ("practice_name", "provider_name", "patient_family", "member_id", "payer_name"):
        if not str(getattr(request, name)).strip():
            problems.append(FieldError(name, "This is needed on the request."))
    for name in ("practice_npi", "provider_npi"):
        if not is_npi(getattr(request, name)):
            problems.append(FieldError(name, "An NPI is 10 digits with a valid check digit."))
    if request.priority not in ("primary", "secondary"):
        problems.append(FieldError("priority", "Choose primary or secondary coverage."))
    if request.created < request.patient_birth_date:
        problems.append(FieldError("created", "The request is dated before the patient's birth."))
    if not request.lines:
        problems.append(FieldError("lines", "Choose at least one procedure to ask about."))
    for i, line in enumerate(request.lines):
        problems += _line_problems(i, line)
    for i, attachment in enumerate(request.attachments):
        if attachment.kind not in ATTACHMENT_KINDS:
            kinds = ", ".join(ATTACHMENT_KINDS)
            problems.append(FieldError(f"attachments[{i}].kind", f"Use one of {kinds}."))
    if problems:
        raise CasepathError(*problems)


def _line_problems(i: int, line: ClaimLine) -> list[FieldError]:
    problems = []
    if not line.code.strip():
        problems.append(FieldError(f"lines[{i}].code", "Each procedure needs its CDT code."))
    if line.fee < 0:
        problems.append(FieldError(f"lines[{i}].fee", "A fee cannot be negative."))
    if line.tooth:
        try:
            universal_to_fdi(line.tooth)
        except CasepathError as exc:
            problems.append(FieldError(f"lines[{i}].tooth", exc.errors[0].message))
    unknown = sorted({s for s in line.surfaces.upper() if s not in _SURFACES})
    if unknown:
        problems.append(
            FieldError(f"lines[{i}].surfaces", f"Unknown surface letters: {''.join(unknown)}.")
        )
    return problems


def is_npi(value: str) -> bool:
    """Ten digits passing the Luhn check with the 80840 prefix (the NPI standard)."""
    if len(value) != 10 or not value.isdigit():
        return False
    digits = [int(d) for d in "80840" + value]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        doubled = digit * 2 if position % 2 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return total % 10 == 0


def _contained(request: ClaimRequest) -> list[dict[str, Any]]:
    return [
        {
            "resourceType": "Organization",
            "id": "practice",
            "identifier": [{"system": NPI, "value": request.practice_npi}],
            "name": request.practice_name,
        },
        {
            "resourceType": "Practitioner",
            "id": "provider",
            "identifier": [{"system": NPI, "value": request.provider_npi}],
            "name": [{"text": request.provider_name}],
        },
        {
            "resourceType": "Patient",
            "id": "patient",
            "name": [{"family": request.patient_family, "given": [request.patient_given]}],
            "gender": request.patient_gender,
            "birthDate": request.patient_birth_date.isoformat(),
        },
        {"resourceType": "Organization", "id": "payer", "name": request.payer_name},
        {
            "resourceType": "Coverage",
            "id": "coverage",
            "status": "active",
            "subscriberId": request.member_id,
            "beneficiary": {"reference": "#patient"},
            "relationship": {"coding": [{"system": RELATIONSHIP, "code": request.relationship}]},
            "payor": [{"reference": "#payer"}],
            "order": 1 if request.priority == "primary" else 2,
        },
    ]


def _supporting_info(request: ClaimRequest) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    if request.narrative.strip():
        entries.append({"category": _info("info"), "valueString": request.narrative.strip()})
    for attachment in request.attachments:
        entries.append(
            {
                "category": _info("attachment"),
                "code": {"text": ATTACHMENT_KINDS[attachment.kind]},
                "valueAttachment": {"title": attachment.title},
            }
        )
    return [{"sequence": n, **entry} for n, entry in enumerate(entries, start=1)]


def _info(code: str) -> dict[str, Any]:
    return {"coding": [{"system": INFO_CATEGORY, "code": code}]}


def _item(sequence: int, line: ClaimLine) -> dict[str, Any]:
    item: dict[str, Any] = {
        "sequence": sequence,
        "careTeamSequence": [1],
        "productOrService": {"coding": [{"system": CDT, "code": line.code.strip()}]},
        "unitPrice": _usd(line.fee),
        "net": _usd(line.fee),
    }
    if line.tooth:
        code = universal_to_fdi(line.tooth)
        item["bodySite"] = {"coding": [{"system": FDI_TOOTH, "code": code}]}
    if line.surfaces:
        item["subSite"] = [
            {"coding": [{"system": FDI_SURFACE, "code": _SURFACES[s]}]}
            for s in line.surfaces.upper()
        ]
    return item


def _usd(amount: Decimal) -> dict[str, Any]:
    return {"value": amount, "currency": USD}


# --- the ClaimResponse ----------------------------------------------------------------------


@dataclass(frozen=True)
class PreauthItem:
    """The payer's answer for one item. `added` items are ones the payer put in itself."""

    sequence: int | None
    code: str
    approved: Decimal | None
    allowed: Decimal | None
    submitted: Decimal | None
    denied: bool
    reason: str
    remarks: str
    added: bool = False


@dataclass(frozen=True)
class PreauthResponse:
    resource_id: str
    use: str
    outcome: str
    disposition: str
    preauth_ref: str
    created: date | None
    expires_on: date | None
    request_reference: str
    items: list[PreauthItem]
    notes: list[str] = field(default_factory=list)
    totals: dict[str, Decimal] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def read_claim_response(text: str) -> PreauthResponse:
    """Parse a payer's ClaimResponse (JSON) into plain amounts per item."""
    try:
        raw = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise CasepathError.at(
            "claim_response", f"This is not JSON (line {exc.lineno}: {exc.msg})."
        ) from None
    kind = raw.get("resourceType") if isinstance(raw, dict) else None
    if kind != "ClaimResponse":
        raise CasepathError.at(
            "resourceType",
            f"This is a {kind or 'JSON document without a resourceType'}; "
            "import the payer's ClaimResponse here.",
        )
    try:
        resource = ClaimResponse.model_validate(raw)
    except ValidationError as exc:
        raise CasepathError(*_validation_errors(exc)) from None
    return _response(resource)


def _validation_errors(exc: ValidationError) -> list[FieldError]:
    return [
        FieldError(_path(error["loc"]) or "resource", f"Not valid FHIR R4: {error['msg']}.")
        for error in exc.errors()[:5]
    ]


def _path(loc: Sequence[int | str]) -> str:
    """('item', 0, 'adjudication') -> 'item[0].adjudication'."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _response(resource: ClaimResponse) -> PreauthResponse:
    notes = {n.number: n.text or "" for n in resource.processNote or [] if n.number is not None}
    items = [_answer(i, item, notes, added=False) for i, item in enumerate(resource.item or [])]
    items += [_answer(i, item, notes, added=True) for i, item in enumerate(resource.addItem or [])]
    used = {
        n for item in [*(resource.item or []), *(resource.addItem or [])] for n in _numbers(item)
    }
    period = resource.preAuthPeriod
    return PreauthResponse(
        resource_id=resource.id or "",
        use=resource.use or "",
        outcome=resource.outcome or "",
        disposition=resource.disposition or "",
        preauth_ref=resource.preAuthRef or "",
        created=_day(resource.created),
        expires_on=_day(period.end) if period else None,
        request_reference=(resource.request.reference or "") if resource.request else "",
        items=items,
        notes=[text for number, text in notes.items() if number not in used and text],
        totals={
            _code(total.category): _dollars(total.amount, f"total[{i}].amount")
            for i, total in enumerate(resource.total or [])
        },
        errors=[_code(error.code) or "unknown" for error in resource.error or []],
    )


def _answer(i: int, item: Any, notes: dict[int, str], *, added: bool) -> PreauthItem:
    where = f"{'addItem' if added else 'item'}[{i}]"
    amounts: dict[str, Decimal] = {}
    reasons: list[str] = []
    for j, adjudication in enumerate(item.adjudication or []):
        category = _code(adjudication.category)
        if adjudication.amount is not None:
            amounts[category] = _dollars(adjudication.amount, f"{where}.adjudication[{j}].amount")
        if adjudication.reason is not None:
            reasons.append(_words(adjudication.reason))
    remarks = " ".join(notes[n] for n in _numbers(item) if notes.get(n))
    approved = amounts.get("benefit")
    denied = approved is not None and approved == 0
    sequences = [item.itemSequence] if not added else list(item.itemSequence or [])
    return PreauthItem(
        sequence=sequences[0] if sequences else None,
        code=_code(item.productOrService) if added else "",
        approved=approved,
        allowed=amounts.get("eligible"),
        submitted=amounts.get("submitted", _net(item, where) if added else None),
        denied=denied,
        reason="; ".join(r for r in reasons if r) or (remarks if denied else ""),
        remarks=remarks,
        added=added,
    )


def _numbers(item: Any) -> list[int]:
    return list(item.noteNumber or [])


def _net(item: Any, where: str) -> Decimal | None:
    return _dollars(item.net, f"{where}.net") if item.net is not None else None


def _dollars(amount: Any, where: str) -> Decimal:
    if amount.currency not in (USD, None):
        raise CasepathError.at(
            f"{where}.currency", f"Casepath works in US dollars, not {amount.currency}."
        )
    return Decimal(amount.value if amount.value is not None else 0)


def _code(concept: Any) -> str:
    if concept is None:
        return ""
    return next((str(c.code) for c in concept.coding or [] if c.code), "")


def _words(concept: Any) -> str:
    for coding in concept.coding or []:
        if coding.display or coding.code:
            return str(coding.display or coding.code)
    return str(concept.text or "")


def _day(value: date | datetime | str | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(value[:10]) if isinstance(value, str) and len(value) >= 10 else None
