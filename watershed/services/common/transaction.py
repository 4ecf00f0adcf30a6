"""How a service gets its session.

A service is called with a Database (it then runs in one transaction of its own: all or nothing)
or with an open Session (it then joins the caller's transaction, so that the demo loader can run
several services as one).
"""

import functools

from sqlalchemy.orm import Session


def _in_session(open_session):
    def decorate(service):
        @functools.wraps(service)
        def run(target, *args, **kwargs):
            if isinstance(target, Session):
                return service(target, *args, **kwargs)
            with open_session(target) as session:
                return service(session, *args, **kwargs)

        return run

    return decorate


writes = _in_session(lambda db: db.write())
reads = _in_session(lambda db: db.read())
