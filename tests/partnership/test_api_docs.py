"""The API's documentation, as a developer at a partner organisation reads it: a page of Accord's own,
and a schema in which every operation, field and filter is described in words, not developer notes."""

import pytest

# Phrases of code comments that once leaked into the schema as descriptions.
DEVELOPER_NOTES = ["Subclasses", "queryset", "Model.objects", "scoped(", "TODO"]


@pytest.fixture
def schema(client, db):
    return client.get("/api/v1/schema/", {"format": "json"}).json()


def descriptions_missing(schema) -> list[str]:
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if not operation.get("description") or not operation.get("summary"):
                missing.append(f"{method} {path}")
            missing += [
                f"{method} {path} ?{parameter['name']}"
                for parameter in operation.get("parameters", [])
                if not parameter.get("description")
            ]
    for name, component in schema["components"]["schemas"].items():
        missing += [
            f"{name}.{field}"
            for field, spec in component.get("properties", {}).items()
            if not spec.get("description")
        ]
    return missing


def test_every_operation_field_and_filter_is_described(schema):
    assert descriptions_missing(schema) == []


def test_no_description_is_a_developer_note(schema):
    texts = [
        op.get("description", "") for operations in schema["paths"].values() for op in operations.values()
    ]
    texts += [
        spec.get("description", "")
        for component in schema["components"]["schemas"].values()
        for spec in component.get("properties", {}).values()
    ]
    assert [text for text in texts if any(note in text for note in DEVELOPER_NOTES)] == []


def test_the_documentation_page_loads_swagger_ui_from_accords_own_files(client, db):
    page = client.get("/api/docs/").content.decode()
    assert '<div id="swagger-ui"' in page
    assert 'src="/static/dist/swagger-ui/swagger-ui-bundle.js"' in page
    assert "<script>" not in page and "<style>" not in page  # the CSP allows neither inline
    script = client.get("/api/docs/", {"script": ""})
    assert script["Content-Type"].startswith("application/javascript")
    assert b"/api/v1/schema/" in script.content


def test_the_api_key_page_links_to_the_documentation(board_client):
    assert b'href="/api/docs/"' in board_client.get("/profile/api-key/").content
