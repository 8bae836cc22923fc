"""A query cancelled by the statement timeout (gsp/db.py) answers 503, never a 500 or a hung worker.

The API's viewsets answer it themselves (`gsp/api/exceptions.py`); this catches it everywhere else: the HTML pages
get the 503 page, any other path under /api/ the API's error shape. Both say when to retry (`Retry-After`). The
transaction the query ran in has been rolled back by `transaction.atomic` on its way out: nothing is half-saved.
"""

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

from .api.exceptions import StatementTimedOut
from .db import is_statement_timeout


class StatementTimeoutMiddleware:
    """Turns a statement timeout raised by a view into a 503 response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_statement_timeout(exception):
            return None
        if request.path.startswith("/api/"):
            timed_out = StatementTimedOut()  # the API's own answer, in its error shape
            body = {"status": timed_out.status_code, "code": timed_out.default_code, "detail": str(timed_out.detail)}
            response = JsonResponse(body, status=timed_out.status_code)
        else:
            response = HttpResponse(render_to_string("503.html", request=request), status=503)
        response["Retry-After"] = str(StatementTimedOut.wait)
        return response
