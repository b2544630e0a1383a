"""A case is the unit of the TC's work: a patient's diagnosed treatment, its options and
phases, its presentations, the patient's decision and consent.

One module a part: case.py (the case and its lifecycle state), plan.py (options, phases,
planned procedures), record.py (events, notes, revisions, images), presentation.py
(frozen presentations, patient links, patient questions), consent.py (templates and
signed consents), consult.py (consult preparation), documents.py (templates, generated PDFs).
"""

from casepath.cases.models.case import (
    Acceptance,
    Case,
    CaseSettings,
    CaseType,
    Urgency,
)
from casepath.cases.models.consent import Consent, ConsentTemplate, SignatureKind
from casepath.cases.models.consult import (
    CHECKLIST,
    Consult,
    ConsultAttendee,
    ConsultCheck,
)
from casepath.cases.models.documents import CaseDocument, DocumentKind, DocumentTemplate
from casepath.cases.models.plan import CaseOption, CasePhase, PlannedProcedure
from casepath.cases.models.presentation import (
    CaseQuestion,
    PatientLink,
    Presentation,
    PresentationMode,
)
from casepath.cases.models.record import (
    CaseEvent,
    CaseImage,
    CaseNote,
    CaseRevision,
    EventKind,
    ImageKind,
    NoteKind,
)

__all__ = [
    "CHECKLIST",
    "Acceptance",
    "Case",
    "CaseDocument",
    "CaseEvent",
    "CaseImage",
    "CaseNote",
    "CaseOption",
    "CasePhase",
    "CaseQuestion",
    "CaseRevision",
    "CaseSettings",
    "CaseType",
    "Consent",
    "ConsentTemplate",
    "Consult",
    "ConsultAttendee",
    "ConsultCheck",
    "DocumentKind",
    "DocumentTemplate",
    "EventKind",
    "ImageKind",
    "NoteKind",
    "PatientLink",
    "PlannedProcedure",
    "Presentation",
    "PresentationMode",
    "SignatureKind",
    "Urgency",
]
