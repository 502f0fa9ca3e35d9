"""The API's limits, named in REST_FRAMEWORK's settings: how fast a person may call it, and how many
records a page holds. A module of its own, as DRF imports these before any view."""

from rest_framework import pagination, permissions, throttling
from rest_framework.settings import api_settings


class ReadOrWriteThrottle(throttling.UserRateThrottle):
    """Requests counted per person (per address when signed out), reads and writes apart, each at its
    own rate (REST_FRAMEWORK's DEFAULT_THROTTLE_RATES), in the shared cache."""

    def __init__(self):
        pass  # the rate depends on the request: see allow_request

    def allow_request(self, request, view):
        self.scope = "read" if request.method in permissions.SAFE_METHODS else "write"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_rate(self):
        # Read when asked, not when the class was made, so that a changed setting applies.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class Pages(pagination.PageNumberPagination):
    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        described = {
            "count": "How many records match, on all pages.",
            "next": "The address of the next page, or null on the last.",
            "previous": "The address of the previous page, or null on the first.",
            "results": "This page's records, at most 50.",
        }
        for name, text in described.items():
            answer["properties"][name]["description"] = text
        return answer
