"""How a service gets its session.

A service is called with a Database (it then runs in one transaction of its own: all or nothing)
or with an open Session (it then joins the caller's transaction, so that the demo loader can run
several services as one).
"""

import functools

from sqlalchemy.orm import Session


def writes(service):
    @functools.wraps(service)
    def run(target, *args, **kwargs):
        if isinstance(target, Session):
            return service(target, *args, **kwargs)
        with target.write() as session:
            return service(session, *args, **kwargs)

    return run


def reads(service):
    @functools.wraps(service)
    def run(target, *args, **kwargs):
        if isinstance(target, Session):
            return service(target, *args, **kwargs)
        with target.read() as session:
            return service(session, *args, **kwargs)

    return run
