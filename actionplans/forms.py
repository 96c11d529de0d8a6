"""Forms for the action plan: an action, a progress update and the board's sign-off.

The forms check what was typed: each field's limit, choices and messages come from the model
field it fills (actionplans/models.py), which the services check again with `clean_fields()`.
The checks that need the database (the domain is chosen, the due date is not before the
evaluation started, the lead's account belongs to the council) are in the services; the
views add their ValidationErrors to these forms, beside the fields they concern.
"""

from crispy_forms_gds.choices import Choice as GDSChoice
from crispy_forms_gds.layout import Field, Fieldset, Fixed, Layout, Size
from django import forms
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from betterlives.fields import (
    DateErrorsMixin,
    Details,
    date_field,
    model_notes_field,
    model_radios_field,
    model_text_field,
    paragraph,
)
from betterlives.forms import GDSFormMixin
from betterlives.text_limits import TEXT_LIMIT
from domains.forms.good_lives import GoodLivesFilterForm

from .models import (
    DOMAIN_NOT_CHOSEN,
    DUE_DATE_MISSING,
    GOOD_LIVES_NOT_LISTED,
    GROUPS_NOT_LISTED,
    LEAD_ACCOUNT_NOT_LISTED,
    MEETING_DATE_MISSING,
    NEXT_UPDATE_MISSING,
    UPDATE_DATE_MISSING,
    Action,
    Group,
    ProgressUpdate,
    SignOff,
    Status,
)

NO_ACCOUNT = ""


class GoodLivesField(forms.MultipleChoiceField):
    """Checkboxes of Good Lives actions by code; cleans to GoodLivesAction objects."""

    def __init__(self, *, actions, **kwargs):
        self.actions = {action.code: action for action in actions}
        super().__init__(widget=forms.CheckboxSelectMultiple, required=False, error_messages={
            "invalid_choice": GOOD_LIVES_NOT_LISTED}, **kwargs)

    def clean(self, value):
        codes = super().clean(value)
        return [self.actions[code] for code in codes]


def choice_hint(what, source):
    return render_to_string("includes/forms/choice_hint.html", {"what": what, "source": source})


def suggested_and_other_choices(suggestions, library):
    """Suggested actions first (with the reason as the hint), then the rest of the library.
    Each hint also says where the idea comes from (GoodLivesAction.provenance, which marks
    the English title of its source with its language): a partial template joins the two."""
    suggested = [GDSChoice(ref.action.code, f"{ref.action.code}: {ref.action.text}",
                           hint=choice_hint(ref.reason, ref.action.provenance))
                 for ref in suggestions]
    codes = {ref.action.code for ref in suggestions}
    others = [GDSChoice(a.code, f"{a.code}: {a.text}",
                        hint=choice_hint(a.theme.title, a.provenance))
              for a in library if a.code not in codes]
    return suggested, others


class ActionForm(DateErrorsMixin, GDSFormMixin, forms.Form):
    """`domains`: the chosen domains; `suggestions`: CrossReferences for the action's domain;
    `library`: the Good Lives actions to choose from (every current one, and on the edit page
    any retired ones the action links to); `accounts`: the council's users."""

    submit_label = _("Save the action")

    title = model_text_field(Action, "title", _("Title"),
                  help_text=_("A short name people will recognise, like “Evening bus "
                              "travel training”."))
    description = model_notes_field(Action, "description", _("What will happen"))
    easy_read_title = model_text_field(
        Action, "easy_read_title", _("Easy Read title (optional)"),
        help_text=_("Short words for the Easy Read summary and the public “You said, we "
                    "did” page, like “Learn to use the bus in the evening”. Without it, "
                    "they show the title."))
    easy_read_description = model_notes_field(
        Action, "easy_read_description", _("Easy Read description (optional)"),
        help_text=_("One idea in each short sentence. Do not write anyone's name."))
    lead_name = model_text_field(Action, "lead_name", _("Name of the lead"))
    lead_role = model_text_field(Action, "lead_role", _("Role or organisation of the lead"),
                      help_text=_("For example, Commissioning manager, or Speak Up Together"))
    partners = model_notes_field(Action, "partners", _("Partners (optional)"),
                      help_text=_("Who else will help, for example the bus company or the "
                                  "college."))
    co_produced_with = forms.MultipleChoiceField(
        label=_("Who was this action co-produced with?"), required=False,
        choices=[GDSChoice(v, label) for v, label in Group.choices],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": GROUPS_NOT_LISTED},
        help_text=_("Select all that apply."))
    timescale = model_radios_field(Action, "timescale", _("When will it happen?"))
    success_measure = model_notes_field(
        Action, "success_measure", _("How will we know it worked?"),
        help_text=_("What people will notice, and what you will count."))
    status = model_radios_field(Action, "status", _("Status"))

    def __init__(self, *args, domains, suggestions, library, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.domain_objects = {str(d.pk): d for d in domains}
        self.fields["domain"] = forms.ChoiceField(
            label=_("Domain"), choices=[(str(d.pk), f"{d.number}. {d.title}") for d in domains],
            error_messages={"required": DOMAIN_NOT_CHOSEN, "invalid_choice": DOMAIN_NOT_CHOSEN})
        suggested, others = suggested_and_other_choices(suggestions, library)
        self.fields["suggested_good_lives"] = GoodLivesField(
            actions=library, label=_("Good Lives actions suggested for this domain"),
            choices=suggested)
        self.fields["other_good_lives"] = GoodLivesField(
            actions=library, label=_("Other Good Lives actions"), choices=others)
        self.accounts = {str(u.pk): u for u in accounts}
        self.fields["lead_user"] = forms.ChoiceField(
            label=_("The lead's account (optional)"), required=False,
            help_text=_("A lead with an account can record progress on this action."),
            choices=[(NO_ACCOUNT, _("No account"))] + [
                (str(u.pk), u.get_full_name() or u.username) for u in accounts],
            error_messages={"invalid_choice": LEAD_ACCOUNT_NOT_LISTED})
        self.fields["due_on"] = date_field(
            _("Due date"), help_text=_("For example, 31 3 2027"),
            empty=DUE_DATE_MISSING,
            incomplete=_("The due date must include a %(parts)s"),
            invalid=_("The due date must be a real date"))
        good_lives = [Field.select("domain")]
        if suggested:
            good_lives.append(Field.checkboxes("suggested_good_lives", small=True,
                                               legend_size=Size.SMALL))
        else:
            good_lives.append(paragraph(
                _("No Good Lives actions are linked to this domain yet.")))
        # The rest of the library is folded away unless one of it is ticked or in error.
        other_codes = {choice.value for choice in others}
        ticked = set(self.data.getlist("other_good_lives") if self.is_bound
                     else self.initial.get("other_good_lives") or [])
        good_lives.append(Details(
            _("Link other Good Lives actions (%(count)d)") % {"count": len(others)},
            Field.checkboxes("other_good_lives", small=True, legend_size=Size.SMALL),
            open=bool(ticked & other_codes or (self.is_bound and ticked - other_codes)),
        ))
        self.helper.layout = Layout(
            Field.text("title", label_size=Size.SMALL),
            Field.textarea("description", label_size=Size.SMALL, rows=5,
                           max_characters=TEXT_LIMIT),
            Fieldset(
                Field.text("easy_read_title", label_size=Size.SMALL),
                Field.textarea("easy_read_description", label_size=Size.SMALL, rows=3,
                               max_characters=self.fields["easy_read_description"].max_length),
                legend=_("In Easy Read"), legend_size=Size.MEDIUM),
            *good_lives,
            Fieldset(
                Field.text("lead_name", label_size=Size.SMALL),
                Field.text("lead_role", label_size=Size.SMALL),
                Field.select("lead_user", label_size=Size.SMALL),
                legend=_("Who leads it"), legend_size=Size.MEDIUM),
            Field.textarea("partners", label_size=Size.SMALL, rows=3,
                           max_characters=self.fields["partners"].max_length),
            Field.checkboxes("co_produced_with", small=True, legend_size=Size.SMALL),
            Field.radios("timescale", small=True, legend_size=Size.SMALL),
            Field("due_on", context={"legend_size": "govuk-fieldset__legend--s"}),
            Field.textarea("success_measure", label_size=Size.SMALL, rows=4,
                           max_characters=TEXT_LIMIT),
            Field.radios("status", small=True, legend_size=Size.SMALL),
        )

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "domain": self.domain_objects.get(data.get("domain")),
            "title": data["title"], "description": data["description"],
            "easy_read_title": data.get("easy_read_title", ""),
            "easy_read_description": data.get("easy_read_description", ""),
            "good_lives_actions": [*data.get("suggested_good_lives", []),
                                   *data.get("other_good_lives", [])],
            "lead_name": data["lead_name"], "lead_role": data["lead_role"],
            "lead_user": self.accounts.get(data.get("lead_user") or NO_ACCOUNT),
            "partners": data.get("partners", ""),
            "co_produced_with": data.get("co_produced_with", []),
            "timescale": data["timescale"], "due_on": data["due_on"],
            "success_measure": data["success_measure"], "status": data["status"],
        }

    @staticmethod
    def initial_for(action):
        codes = [a.code for a in action.good_lives_actions.all()]
        return {
            "title": action.title, "description": action.description,
            "easy_read_title": action.easy_read_title,
            "easy_read_description": action.easy_read_description,
            "domain": str(action.domain_id), "suggested_good_lives": codes,
            "other_good_lives": codes, "lead_name": action.lead_name,
            "lead_role": action.lead_role,
            "lead_user": str(action.lead_user_id) if action.lead_user_id else NO_ACCOUNT,
            "partners": action.partners, "co_produced_with": action.co_produced_with,
            "timescale": action.timescale, "due_on": action.due_on,
            "success_measure": action.success_measure, "status": action.status,
        }


class ProgressForm(DateErrorsMixin, GDSFormMixin, forms.Form):
    submit_label = _("Save the progress update")

    text = model_notes_field(ProgressUpdate, "text", _("What has happened?"))
    status = model_radios_field(ProgressUpdate, "status_after", _("Status now"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["happened_on"] = date_field(
            _("Date of the update"), help_text=_("For example, 14 9 2026"),
            empty=UPDATE_DATE_MISSING,
            incomplete=_("The date of the update must include a %(parts)s"),
            invalid=_("The date of the update must be a real date"))
        self.helper.layout = Layout(
            Field("happened_on", context={"legend_size": "govuk-fieldset__legend--s"}),
            Field.textarea("text", label_size=Size.SMALL, rows=5,
                           max_characters=TEXT_LIMIT),
            Field.radios("status", small=True, legend_size=Size.SMALL),
        )


class SignOffForm(DateErrorsMixin, GDSFormMixin, forms.Form):
    submit_label = _("Save the sign-off")

    meeting = model_text_field(SignOff, "meeting", _("Meeting"),
                    help_text=_("For example, Learning Disability Partnership Board"))
    decision = model_radios_field(SignOff, "decision", _("What did the board decide?"))
    comments = model_notes_field(SignOff, "comments", _("Comments (optional)"),
                      help_text=_("What the board said, and any changes it asked for."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["met_on"] = date_field(
            _("Date of the meeting"), help_text=_("For example, 14 9 2026"),
            empty=MEETING_DATE_MISSING,
            incomplete=_("The date of the meeting must include a %(parts)s"),
            invalid=_("The date of the meeting must be a real date"))
        self.helper.layout = Layout(
            Field.text("meeting", label_size=Size.SMALL, field_width=Fixed.TWENTY),
            Field("met_on", context={"legend_size": "govuk-fieldset__legend--s"}),
            Field.radios("decision", small=True, legend_size=Size.SMALL),
            Field.textarea("comments", label_size=Size.SMALL, rows=5,
                           max_characters=TEXT_LIMIT),
        )


class PublishForm(DateErrorsMixin, GDSFormMixin, forms.Form):
    """Publish the public "You said, we did" page: when it will next be updated."""

    submit_label = _("Publish the page")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_update_on"] = date_field(
            _("When will you next update the page?"),
            help_text=_("The page tells people this date. For example, 31 3 2027"),
            empty=NEXT_UPDATE_MISSING,
            incomplete=_("When you will next update the page must include a %(parts)s"),
            invalid=_("When you will next update the page must be a real date"))
        self.helper.layout = Layout(
            Field("next_update_on", context={"legend_size": "govuk-fieldset__legend--s"}))


class PlanFilterForm(GDSFormMixin, forms.Form):
    """Filters for the plan overview. Sent by GET, so a filtered list can be shared."""

    submit_label = _("Show actions")

    status = forms.ChoiceField(label=_("Status"), required=False)
    lead = forms.ChoiceField(label=_("Lead"), required=False)
    domain = forms.ChoiceField(label=_("Domain"), required=False)
    overdue = forms.BooleanField(label=_("Only overdue actions"), required=False)

    def __init__(self, *args, domains, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.fields["status"].choices = [("", _("Any status"))] + list(Status.choices)
        self.fields["lead"].choices = [("", _("Any lead"))] + [(n, n) for n in leads]
        self.fields["domain"].choices = [("", _("Any chosen domain"))] + [
            (str(d.number), f"{d.number}. {d.title}") for d in domains]
        for name, message in (("status", _("Choose a status from the list")),
                              ("lead", _("Choose a lead from the list")),
                              ("domain", _("Choose a domain from the list"))):
            self.fields[name].error_messages["invalid_choice"] = message
        self.helper.layout = Layout(
            Field.select("status", label_size=Size.SMALL),
            Field.select("lead", label_size=Size.SMALL),
            Field.select("domain", label_size=Size.SMALL),
            Field.checkbox("overdue", small=True),
        )

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"status": data.get("status", ""), "lead": data.get("lead", ""),
                "domain_number": int(data["domain"]) if data.get("domain") else None,
                "overdue": bool(data.get("overdue"))}


class LibraryFilterForm(GoodLivesFilterForm):
    """The Good Lives library's filters, keeping the domain whose suggestions are shown."""

    domain = forms.CharField(widget=forms.HiddenInput, required=False)
