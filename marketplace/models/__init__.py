"""All models, importable from one place: `from marketplace.models import Product`."""

from .catalogue import Photo, Product, ProductMaker, ProductStatus
from .ledger import (
    EntryKind,
    LedgerEntry,
    MaterialIssue,
    Payout,
    PayoutMethod,
    Purchase,
    PurchaseShare,
)
from .orders import (
    DeliveryMethod,
    LineStatus,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentProvider,
    PaymentState,
    ReturnRequest,
    ReturnStatus,
)
from .people import Driver, Role, User, driver_centres, staff_centres
from .programme import (
    Centre,
    CentreStatus,
    Certificate,
    Course,
    Craft,
    Enrollment,
    EnrollmentStatus,
    Loan,
    LoanStatus,
    Neighbourhood,
    Partner,
    Referral,
    ReferralStatus,
    Trainee,
    centre_crafts,
)
from .system import AuditLog, CatalogueVersion, OutboxMessage

__all__ = [
    "AuditLog", "CatalogueVersion", "Centre", "CentreStatus", "Certificate", "Course", "Craft",
    "DeliveryMethod",
    "Driver", "Enrollment", "EnrollmentStatus", "EntryKind", "LedgerEntry", "LineStatus", "Loan",
    "LoanStatus", "MaterialIssue", "Neighbourhood", "Order", "OrderEvent", "OrderLine",
    "OrderStatus", "OutboxMessage", "Partner", "Payment", "PaymentProvider", "PaymentState",
    "Payout", "PayoutMethod", "Photo", "Product", "ProductMaker", "ProductStatus", "Purchase",
    "PurchaseShare", "Referral", "ReferralStatus", "ReturnRequest", "ReturnStatus", "Role",
    "Trainee", "User", "centre_crafts", "driver_centres", "staff_centres",
]
