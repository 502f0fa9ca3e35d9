from .permissions import current_partnership

NAVIGATION = [
    ("Dashboard", "/"),
    ("Agreement", "/agreement/"),
    ("Meetings", "/meetings/"),
    ("Projects", "/projects/"),
    ("Funding", "/funding/"),
    ("Consultations", "/consultations/"),
    ("Evidence", "/evidence/"),
    ("Partnership", "/partnership/"),
]


def partnership(request):
    """The partnership whose parties the header shows, and the navigation with the current section."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    section = "/" + request.path.strip("/").split("/")[0] + "/" if request.path != "/" else "/"
    return {
        "current_partnership": current_partnership(request),
        "navigation": [(label, href, href == section) for label, href in NAVIGATION],
    }
