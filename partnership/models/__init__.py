from .agreement import Agreement, Clause, Signature
from .consultations import Consultation, ConsultationResponse
from .evidence import Evidence
from .people import Board, Membership, Organisation, Partnership, Person, PersonManager
from .submissions import Submission

__all__ = [
    "Agreement",
    "Board",
    "Clause",
    "Consultation",
    "ConsultationResponse",
    "Evidence",
    "Membership",
    "Organisation",
    "Partnership",
    "Person",
    "PersonManager",
    "Signature",
    "Submission",
]
