"""Who may write over HTTP: whoever sends the admin token the server was started with.

Saving, renaming and deleting saved searches are the API's first writes. The token is
``UNIONKB_ADMIN_TOKEN`` (``Settings.admin_token``), sent as ``Authorization: Bearer
TOKEN`` and compared in constant time (``hmac.compare_digest``), so the time of a
refusal says nothing about how much of a guess was right. Without a token configured
every write is refused: a server nobody set up for writing takes none.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from api.deps import get_services

NOT_CONFIGURED = ("writes over HTTP are turned off on this server: start it with "
                  "UNIONKB_ADMIN_TOKEN set, then send 'Authorization: Bearer <token>'")
MISSING = "this is a write: send the admin token as 'Authorization: Bearer <token>'"
WRONG = "the admin token sent is not this server's"


def require_admin(request: Request) -> None:
    token = get_services(request).settings.admin_token
    if not token:
        raise HTTPException(403, NOT_CONFIGURED)
    scheme, _, sent = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not sent.strip():
        raise HTTPException(401, MISSING, headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(sent.strip().encode(), token.encode()):
        raise HTTPException(403, WRONG)


AdminDep = Annotated[None, Depends(require_admin)]
