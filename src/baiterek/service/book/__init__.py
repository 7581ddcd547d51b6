"""The provider's book: operations over a Session, each checking the actor's role, enforcing its
rule with an InputError naming the field, and writing its audit row. They flush but do not
commit: the caller's transaction is the unit of work (``with factory.begin() as session:``).
"""

from baiterek.service.book.access import (
    AccessDeniedError,
    NotFoundError,
    actor_of,
    authenticate,
    bootstrap_admin,
    create_user,
    issue_token,
    require,
    revoke_token,
)
from baiterek.service.book.actor import PUBLIC, STAFF, SYSTEM, Actor
from baiterek.service.book.audit import record, snapshot
from baiterek.service.book.history import audit_trail
from baiterek.service.book.missions import (
    Capacity,
    add_slot,
    cancel_slot,
    capacity,
    create_mission,
    missions_that_fit,
    public_schedule,
    withdraw_request,
)
from baiterek.service.book.pads import (
    book_campaign,
    book_pad,
    campaign_template,
    cancel_booking,
    complete_milestone,
    find_conflict,
    milestones,
    pad_schedule,
    sync_pads,
)
from baiterek.service.book.sales import (
    approve_quote,
    create_customer,
    create_request,
    create_spacecraft,
    get_quote,
    get_request,
    list_quotes,
    list_requests,
    price_request,
    submit_public_request,
)

__all__ = [
    "PUBLIC",
    "STAFF",
    "SYSTEM",
    "AccessDeniedError",
    "Actor",
    "Capacity",
    "NotFoundError",
    "actor_of",
    "add_slot",
    "approve_quote",
    "audit_trail",
    "authenticate",
    "book_campaign",
    "book_pad",
    "bootstrap_admin",
    "campaign_template",
    "cancel_booking",
    "cancel_slot",
    "complete_milestone",
    "capacity",
    "create_customer",
    "create_mission",
    "create_request",
    "create_spacecraft",
    "create_user",
    "find_conflict",
    "get_quote",
    "get_request",
    "issue_token",
    "list_quotes",
    "list_requests",
    "milestones",
    "missions_that_fit",
    "pad_schedule",
    "price_request",
    "public_schedule",
    "record",
    "require",
    "revoke_token",
    "snapshot",
    "submit_public_request",
    "sync_pads",
    "withdraw_request",
]
