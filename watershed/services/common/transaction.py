"""How a service gets its session.

A service is called with a Database (it then runs in one transaction of its own: all or nothing)
or with an open Session (it then joins the caller's transaction, so that the demo loader can run
several services as one).

Two things hold for every service here, so that none has to remember them: text with a NUL
character is refused before the service runs (watershed.services.common.typed_text), and a write
the database refuses because another request got there first, at a flush or at the commit, ends
as a Conflict with a sentence (watershed.services.common.clashes) instead of a driver's error.
"""

import functools
import inspect

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from watershed.services.common.clashes import clash
from watershed.services.common.typed_text import refuse_nul


def _in_session(open_session):
    def decorate(service):
        names = list(inspect.signature(service).parameters)[1:]  # after the session

        @functools.wraps(service)
        def run(target, *args, **kwargs):
            refuse_nul(names, args, kwargs)
            if isinstance(target, Session):
                return service(target, *args, **kwargs)
            try:
                with open_session(target) as session:
                    return service(session, *args, **kwargs)
            except DBAPIError as error:
                refusal = clash(error)
                if refusal is None:
                    raise
                raise refusal from error

        return run

    return decorate


writes = _in_session(lambda db: db.write())
reads = _in_session(lambda db: db.read())
