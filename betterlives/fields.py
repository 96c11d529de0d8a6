"""Form fields and form helpers that every app's forms use, in the GOV.UK Design System's
way: messages that say how to fix the answer, nothing typed ever causing an error page, and
the GOV.UK markup rendered by crispy-forms-gds (betterlives.forms.GDSFormMixin).
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from crispy_forms.layout import Div, LayoutObject
from crispy_forms_gds.choices import Choice as GDSChoice
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field
from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from .text_limits import TEXT_LIMIT

# Control characters (C0, DEL and C1) other than tab and line breaks.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

DATE_PARTS = (_("day"), _("month"), _("year"))


class _Highlight(list):
    """No messages, but true: see GDSDateField._fail."""

    def __bool__(self):
        return True


class GDSDateField(DateInputField):
    """The GOV.UK date input with the Design System's error messages.

    `messages` holds three translated strings: "empty" (nothing entered), "incomplete"
    (with %(parts)s, e.g. "The end date must include a year") and "invalid" (not a real date).
    The inputs at fault are highlighted (all three when the whole date is wrong) and the
    error summary links to the first of them.
    """

    def __init__(self, *, messages, **kwargs):
        self.messages = messages
        super().__init__(require_all_fields=False, **kwargs)
        # The part labels in our catalogue, so they are in Welsh too.
        for widget, label in zip(self.widget.widgets, (_("Day"), _("Month"), _("Year")),
                                 strict=True):
            widget.attrs.update(inputmode="numeric", autocomplete="off", label=label)

    def highlight(self, message, parts=(0, 1, 2)):
        """Show `message` on the inputs in `parts` (all three by default).

        crispy-forms-gds reads each input's `widget.errors`: it lists them in the error
        summary (linked to that input) and highlights inputs whose list is truthy. The
        first input at fault carries the message, so the summary links to it once; the
        others get an empty but truthy list, so they are highlighted but not listed again.
        """
        for index, field in enumerate(self.fields):
            if index == parts[0]:
                field.widget.errors = [message]
            else:
                field.widget.errors = _Highlight() if index in parts else []

    def has_highlight(self):
        return any(getattr(field.widget, "errors", None) for field in self.fields)

    def _fail(self, message, code, parts=(0, 1, 2)):
        self.highlight(message, parts)
        raise ValidationError(message, code=code)

    def clean(self, value):
        for field in self.fields:
            field.widget.errors = []
        parts = [str(v or "").strip() for v in (list(value or []) + [None] * 3)[:3]]
        if not any(parts):
            if self.required:
                self._fail(self.messages["empty"], "required")
            return None
        missing = [index for index, part in enumerate(parts) if not part]
        if missing:
            names = [str(DATE_PARTS[index]) for index in missing]
            joined = str(_(" and ")).join(names)
            self._fail(self.messages["incomplete"] % {"parts": joined}, "incomplete", missing)
        try:
            day, month, year = (int(part) for part in parts)
            if not 1000 <= year <= 9999:
                raise ValueError
            return datetime.date(year, month, day)
        except ValueError:
            self._fail(self.messages["invalid"], "invalid")


def date_field(label, *, required=True, help_text="", **messages):
    """A GOV.UK date input. `messages`: empty, incomplete (with %(parts)s) and invalid."""
    return GDSDateField(label=label, required=required, help_text=help_text, messages=messages)


class DateErrorsMixin:
    """Errors added after cleaning (from a service) highlight the date inputs too."""

    def add_error(self, field, error):
        super().add_error(field, error)
        for name, date_input in self.fields.items():
            if (isinstance(date_input, GDSDateField) and self.errors.get(name)
                    and not date_input.has_highlight()):
                date_input.highlight(self.errors[name][0])


class PlainTextField(forms.CharField):
    """One line of text: control characters (line breaks and tabs too) become spaces, and
    runs of spaces become one, before any check, so nothing typed causes an error page."""

    def to_python(self, value):
        value = "".join(ch if ch.isprintable() else " " for ch in str(value or ""))
        return super().to_python(" ".join(value.split()))


class NotesField(forms.CharField):
    """Several lines of free text: line breaks kept (as one character each), other control
    characters dropped, and at most `max_length` characters."""

    widget = forms.Textarea

    def __init__(self, *, label, too_long, max_length=TEXT_LIMIT, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(label=label, max_length=max_length, strip=True, **kwargs)
        self.error_messages["max_length"] = too_long

    def to_python(self, value):
        value = CONTROL_CHARACTERS.sub("", str(value or ""))
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        # crispy-forms-gds adds the character count's message to aria-describedby, and fails
        # when a field without a hint has no aria-describedby to add it to.
        attrs.setdefault("aria-describedby", "")
        return attrs


class WholeNumberField(forms.IntegerField):
    """A GOV.UK number input: a text box with a numeric keyboard, spaces and commas allowed."""

    def __init__(self, *, thing, limit=1000, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(
            min_value=0, max_value=limit,
            widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false",
                                          "autocomplete": "off"}),
            error_messages={
                "invalid": _("Enter the number of %(thing)s as a whole number, like 4")
                % {"thing": thing},
                "min_value": _("The number of %(thing)s must be 0 or more") % {"thing": thing},
                "max_value": _("The number of %(thing)s must be %(limit)s or fewer")
                % {"thing": thing, "limit": f"{limit:,}"},
            },
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").replace(" ", "")
        return super().to_python(value)

    def widget_attrs(self, widget):
        # Not the browser's own number checks: our messages say what to fix.
        attrs = super().widget_attrs(widget)
        for name in ("min", "max", "step"):
            attrs.pop(name, None)
        return attrs


class DecimalNumberField(forms.DecimalField):
    """An optional number with up to two decimal places, typed into a text box."""

    def __init__(self, *, label, invalid, places, whole, **kwargs):
        super().__init__(
            label=label, required=False, max_digits=12, decimal_places=2,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false",
                                          "autocomplete": "off"}),
            error_messages={"invalid": invalid, "max_decimal_places": places,
                            "max_whole_digits": whole, "max_digits": whole},
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").replace(" ", "").removesuffix("%")
        if value in self.empty_values:
            return None
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        for name in ("min", "max", "step"):
            attrs.pop(name, None)
        return attrs


class Partial(LayoutObject):
    """A partial template (under templates/includes/forms/) inside a crispy layout, rendered
    with the context given here: headings, hints and paragraphs are written in templates,
    escaped there, never built as HTML in Python."""

    def __init__(self, template, **context):
        self.template_name, self.context = template, context

    def render(self, form, context, template_pack=None, **kwargs):
        return render_to_string(f"includes/forms/{self.template_name}.html", self.context)


class Include(LayoutObject):
    """A template inside a crispy layout, rendered with the page's own context and `context`:
    for words between two fields that are written in a template (an Easy Read page's note,
    a domain's summary among the choices of step 2)."""

    def __init__(self, template, **context):
        self.template_name, self.context = template, context

    def render(self, form, context, template_pack=None, **kwargs):
        return render_to_string(self.template_name, {**context.flatten(), **self.context})


class PictureRadioSelect(forms.RadioSelect):
    """Radios drawn by gds/layout/picture_radios.html. Their options are id_<name>-0, -1, …
    (the error summary links to the first)."""

    first_option_suffix = "-0"


def radio_options(field, pictures=None, dividers=()):
    """A bound radio field's choices, for gds/layout/picture_radios.html: value, label,
    checked, the picture beside it (from `pictures`, by value) and whether an "or" divider
    comes before it (`dividers`)."""
    selected = field.value()
    return [
        {"value": value, "label": label, "checked": value == selected,
         "picture": (pictures or {}).get(value), "divider": value in dividers}
        for value, label in field.field.choices
    ]


class PictureRadios(Field):
    """The big radios of the Easy Read pages (surveys and live votes), rendered by
    crispy-forms-gds like every other field but with gds/layout/picture_radios.html: the
    legend is the page's heading, with a picture on its left, and each choice may have its
    own picture (`pictures`, by value: the faces) or an "or" before it (`dividers`).

    The words come from the page's template, set before `{% crispy form %}`: `heading`,
    `caption`, `hint`, `heading_lang` and `hint_lang` (when in another language than the
    page), and `picture` (a path under static/) or `picture_url`, with `picture_alt`."""

    template = "gds/layout/picture_radios.html"

    def __init__(self, field, *, pictures=None, dividers=()):
        super().__init__(field)
        self.pictures, self.dividers = pictures, dividers

    def render(self, form, context, template_pack=None, **kwargs):
        self.context = {"options": radio_options(form[self.fields[0]], self.pictures,
                                                 self.dividers)}
        return super().render(form, context, template_pack=template_pack, **kwargs)


def heading(text, *, level=2, size="m", id=None):  # noqa: A002 - the element's id
    return Partial("heading", text=text, level=level, size=size, id=id)


def hint(element_id, text):
    """A GOV.UK hint inside a layout (for a fieldset that describes itself with it)."""
    return Partial("hint", id=element_id, text=text)


def paragraph(text):
    return Partial("paragraph", text=text)


class Details(Div):
    """A GOV.UK details component around some fields, open when `open` is true."""

    template = "includes/forms/details.html"

    def __init__(self, summary, *fields, open=False):  # noqa: A002 - the element's attribute
        super().__init__(*fields)
        self.summary, self.open = summary, open

    def render(self, form, context, template_pack=None, **kwargs):
        fields = self.get_rendered_fields(form, context, template_pack, **kwargs)
        return render_to_string(self.template, {"details": self, "fields": fields})


def model_text_field(model, name, label, **kwargs):
    """One line of text, with the limit and messages of the model's field `name`."""
    field = model._meta.get_field(name)
    messages = {"max_length": field.error_messages["max_length"]}
    if not field.blank:
        messages["required"] = field.error_messages["blank"]
    return PlainTextField(label=label, max_length=field.max_length, required=not field.blank,
                          error_messages=messages, **kwargs)


def model_notes_field(model, name, label, **kwargs):
    """Several lines of text, with the limit and messages of the model's field `name`."""
    field = model._meta.get_field(name)
    notes = NotesField(label=label, too_long=field.error_messages["max_length"],
                       max_length=field.max_length, required=not field.blank, **kwargs)
    if not field.blank:
        notes.error_messages["required"] = field.error_messages["blank"]
    return notes


def model_radios_field(model, name, label, **kwargs):
    """Radios of the choices of the model's field `name`, with its messages."""
    field = model._meta.get_field(name)
    return forms.ChoiceField(
        label=label, widget=forms.RadioSelect,
        choices=[GDSChoice(value, text) for value, text in field.choices],
        error_messages={"required": field.error_messages["blank"],
                        "invalid_choice": field.error_messages["invalid_choice"]}, **kwargs)
