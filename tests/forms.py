"""What a browser submits: the fields of a page's form as it was rendered.

Edit forms carry the version of the row they show; a test that posts an edit gets it from
the page like a browser does (``form_data``), so a stale save is tested the way it happens.
"""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, marker: str):
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.forms: list[list[tuple[str, str]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._select: str | None = None
        self._select_multiple = False
        self._select_values: list[str] = []
        self._select_first: str | None = None
        self._option: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._fields = []
            return
        if self._fields is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "reset", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._select_multiple = name, "multiple" in a
            self._select_values, self._select_first = [], None
        elif tag == "option" and self._select:
            value = a.get("value")
            self._option = value
            if self._select_first is None:
                self._select_first = value
            if "selected" in a and value is not None:
                self._select_values.append(value)
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if self._fields is None:
            return
        if tag == "select" and self._select:
            values = self._select_values
            if not values and not self._select_multiple and self._select_first is not None:
                values = [self._select_first]
            self._fields.extend((self._select, v) for v in values)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self.forms.append(self._fields)
            self._fields = None


def form_data(html: str, marker: str = "row_version") -> dict:
    """The first form holding a field named ``marker``, as a POST dict (lists for repeats)."""
    parser = _FormParser(marker)
    parser.feed(html)
    for fields in parser.forms:
        if any(name == marker for name, _ in fields):
            data: dict = {}
            for name, value in fields:
                if name in data:
                    data[name] = (
                        [*data[name], value]
                        if isinstance(data[name], list)
                        else [
                            data[name],
                            value,
                        ]
                    )
                else:
                    data[name] = value
            return data
    raise AssertionError(f"no form with a field {marker!r} on the page")


def page_form(client, url: str, marker: str = "row_version", **changes) -> dict:
    """GET ``url`` and return its edit form's data (the form holding ``marker``) with
    ``changes`` applied."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = form_data(response.content.decode(), marker)
    data.update(changes)
    return data


def version_of(client, url: str) -> str:
    """The version the edit page at ``url`` carries."""
    return page_form(client, url)["row_version"]
