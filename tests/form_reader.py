"""Reading a page's POST form as a browser would send it, for view tests."""

import re
from html.parser import HTMLParser

KEY = re.compile(r'name="submission_key" value="([0-9a-f-]{36})"')


class FormReader(HTMLParser):
    """What a browser would send from the page's POST form as it stands: text inputs and
    text areas with their values, ticked checkboxes and radios, selected options."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data, self.in_form, self.textarea, self.select = {}, False, None, None

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.in_form = True
        if not self.in_form or not attrs.get("name") and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.add(attrs["name"], attrs.get("value", "on"))
            elif kind != "submit":
                self.add(attrs["name"], attrs.get("value") or "")
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.add(self.textarea, "")
        elif tag == "select":
            self.select, self.first_option = attrs["name"], None
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = attrs.get("value", "")
            if "selected" in attrs:
                self.data[self.select] = [attrs.get("value", "")]

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select" and self.select:
            self.data.setdefault(self.select, [self.first_option])
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data.removeprefix("\n")


def form_as_it_stands(response):
    reader = FormReader()
    reader.feed(response.content.decode())
    return {k: v if len(v) > 1 else v[0] for k, v in reader.data.items()
            if k != "csrfmiddlewaretoken"}


def submission_key(response):
    """The submission key the page's create form carries (every create form has one)."""
    found = KEY.search(response.content.decode())
    assert found, "The form has no submission key"
    return found.group(1)

