"""Forms for step 2: choosing the domains to look at in depth, and the review of each.

One page, no JavaScript needed: every domain is listed with a checkbox, the reason radios and
the rationale; only the chosen domains' reasons are checked.

Each field's limit and choices come from the model field it fills (evaluations/models/
step_two.py), which the services check again with `clean_fields()`. So do its messages,
except where the page has a field for each domain, statement or question: their messages
say which one.
"""

from crispy_forms_gds.choices import Choice as GDSChoice
from crispy_forms_gds.layout import Div, Field, Fieldset, Fixed, Layout, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from betterlives.fields import (
    DateErrorsMixin,
    Include,
    NotesField,
    WholeNumberField,
    date_field,
    heading,
    hint,
    model_notes_field,
)
from betterlives.forms import GDSFormMixin
from betterlives.store_once import key_field

from ..models import (
    ChosenDomain,
    DomainDecision,
    DomainReview,
    Group,
    InDepthAnswer,
    ReviewEvidence,
    StatementRating,
)
from ..models.groups import IN_A_SENTENCE
from ..models.step_two import (
    DECISION_DATE_MISSING,
    NO_DOMAIN_CHOSEN,
    PEOPLE_LIMIT,
    RATIONALE_TOO_LONG,
    REASON_NOT_CHOSEN,
)


def _choices(model, name):
    """Radios of the choices of the model's field `name`."""
    return [GDSChoice(value, label) for value, label in model._meta.get_field(name).choices]


def _limit(model, name):
    """The most characters the model's field `name` holds."""
    return model._meta.get_field(name).max_length


REASON_CHOICES = _choices(ChosenDomain, "reason")


class ChooseDomainsForm(DateErrorsMixin, GDSFormMixin, forms.Form):
    """`domains`: the framework's domains; `summaries`: {domain pk: the context of
    evaluations/step_two/_summary.html}, each domain's step 1 summary and suggestions, shown
    beside its checkbox."""

    submit_label = _("Save the choice of domains")

    def __init__(self, *args, domains, summaries=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = list(domains)
        summaries = summaries or {}
        sections = []
        for domain in self.domains:
            n = domain.number
            self.fields[f"choose_{n}"] = forms.BooleanField(
                label=_("Look at %(domain)s in depth") % {"domain": domain.title},
                required=False,
            )
            self.fields[f"reason_{n}"] = forms.ChoiceField(
                label=_("Why did you choose %(domain)s?") % {"domain": domain.title},
                choices=REASON_CHOICES, widget=forms.RadioSelect, required=False,
                error_messages={"invalid_choice": REASON_NOT_CHOSEN % {"domain": domain.title}},
            )
            self.fields[f"rationale_{n}"] = NotesField(
                label=_("Reasons in more detail (optional)"),
                max_length=_limit(ChosenDomain, "rationale"),
                too_long=RATIONALE_TOO_LONG % {"domain": domain.title},
            )
            summary = ([Include("evaluations/step_two/_summary.html", **summaries[domain.pk])]
                       if domain.pk in summaries else [])
            sections.append(Div(
                heading(f"{n}. {domain.title}", level=3, id=f"domain-{n}"),
                *summary,
                Field.checkbox(f"choose_{n}"),
                Field.radios(f"reason_{n}", legend_size=Size.SMALL, small=True),
                Field.textarea(f"rationale_{n}", label_size=Size.SMALL, rows=3,
                               max_characters=self.fields[f"rationale_{n}"].max_length),
                css_class="bl-domain-choice govuk-!-margin-bottom-8",
            ))
        self.fields["decided_on"] = date_field(
            _("Date of the decision"),
            help_text=_("For example, 27 4 2026"),
            empty=DECISION_DATE_MISSING,
            incomplete=_("The date of the decision must include a %(parts)s"),
            invalid=_("The date of the decision must be a real date"),
        )
        for group in Group:
            self.fields[f"took_part_{group.value}"] = WholeNumberField(
                label=group.label, thing=IN_A_SENTENCE[group], limit=PEOPLE_LIMIT)
        self.fields["how_decided"] = model_notes_field(
            DomainDecision, "how_decided", _("How was the decision made? (optional)"),
            help_text=_("For example, at a meeting of the partnership board after the "
                        "workshops."),
        )
        self.helper.layout = Layout(
            heading(_("The six domains"), size="l"),
            *sections,
            heading(_("Who took part in deciding"), size="l"),
            Field("decided_on", context={"legend_size": "govuk-fieldset__legend--s"}),
            Div(Fieldset(
                hint("took-part-hint", _("Leave a box empty if no one from that group "
                                              "took part.")),
                *(Field.text(f"took_part_{group}", field_width=Fixed.FIVE)
                  for group in Group.values),
                legend=_("How many people from each group took part?"),
                legend_size=Size.SMALL,
                aria_describedby="took-part-hint",
            ), css_class="govuk-form-group"),
            Field.textarea("how_decided", label_size=Size.SMALL, rows=4,
                           max_characters=self.fields["how_decided"].max_length),
        )

    def clean(self):
        cleaned = super().clean()
        choices = {}
        for domain in self.domains:
            n = domain.number
            if not cleaned.get(f"choose_{n}"):
                continue
            reason = cleaned.get(f"reason_{n}")
            if not reason:
                if f"reason_{n}" not in self.errors:
                    self.add_error(f"reason_{n}", REASON_NOT_CHOSEN % {"domain": domain.title})
                continue
            choices[domain] = (reason, cleaned.get(f"rationale_{n}", ""))
        chosen_any = any(cleaned.get(f"choose_{d.number}") for d in self.domains)
        if self.domains and not chosen_any:
            self.add_error(f"choose_{self.domains[0].number}", NO_DOMAIN_CHOSEN)
        cleaned["choices"] = choices
        cleaned["took_part"] = {group: cleaned.get(f"took_part_{group}") or 0
                                for group in Group.values}
        return cleaned

    @staticmethod
    def initial_for(decision, chosen):
        initial = {}
        if decision is not None:
            initial["decided_on"] = decision.decided_on
            initial["how_decided"] = decision.how_decided
            for group in Group.values:
                value = getattr(decision, f"took_part_{group}")
                initial[f"took_part_{group}"] = value or None
        for row in chosen:
            n = row.domain.number
            initial[f"choose_{n}"] = True
            initial[f"reason_{n}"] = row.reason
            initial[f"rationale_{n}"] = row.rationale
        return initial


RATING_CHOICES = _choices(StatementRating, "rating")


class ReviewForm(GDSFormMixin, forms.Form):
    """The in-depth review of one domain: each statement rated with evidence, each in-depth
    question answered, and the key findings. `content` is selectors' ReviewContent."""

    submit_label = _("Save the review")

    def __init__(self, *args, content, **kwargs):
        super().__init__(*args, **kwargs)
        self.content = content
        statement_parts, question_parts = [], []
        for index, (statement, _rating) in enumerate(content.statements, start=1):
            self.fields[f"rating_{statement.pk}"] = forms.ChoiceField(
                label=statement.text, choices=RATING_CHOICES, widget=forms.RadioSelect,
                required=False,
                error_messages={"invalid_choice": _("Choose how far statement %(n)d is in "
                                                    "place") % {"n": index}},
            )
            self.fields[f"evidence_{statement.pk}"] = NotesField(
                label=_("Evidence for statement %(n)d (optional)") % {"n": index},
                max_length=_limit(StatementRating, "evidence"),
                too_long=_("The evidence for statement %(n)d must be 5000 characters or "
                           "fewer") % {"n": index},
            )
            statement_parts += [
                Field.radios(f"rating_{statement.pk}", legend_size=Size.SMALL, small=True,
                             inline=True),
                Field.textarea(f"evidence_{statement.pk}", label_size=Size.SMALL, rows=3,
                               max_characters=_limit(StatementRating, "evidence")),
            ]
        for index, (question, _answer) in enumerate(content.questions, start=1):
            self.fields[f"answer_{question.pk}"] = NotesField(
                label=question.text, max_length=_limit(InDepthAnswer, "answer"),
                too_long=_("The answer to question %(n)d must be 10000 characters or fewer")
                % {"n": index},
            )
            question_parts.append(Field.textarea(f"answer_{question.pk}",
                                                 label_size=Size.SMALL, rows=4,
                                                 max_characters=_limit(InDepthAnswer, "answer")))
        self.fields["key_findings"] = model_notes_field(
            DomainReview, "key_findings", _("Key findings"),
            help_text=_("What the review found. The review is complete once the key findings "
                        "are written."),
        )
        parts = []
        if statement_parts:
            parts += [heading(_("What good looks like")),
                      *statement_parts]
        if question_parts:
            parts += [heading(_("In-depth questions")),
                      *question_parts]
        parts += [heading(_("Key findings")),
                  Field.textarea("key_findings", label_size=Size.SMALL, rows=6,
                                 max_characters=self.fields["key_findings"].max_length)]
        self.helper.layout = Layout(*parts)

    def initial_values(self):
        initial = {}
        for statement, rating in self.content.statements:
            if rating is not None:
                initial[f"rating_{statement.pk}"] = rating.rating
                initial[f"evidence_{statement.pk}"] = rating.evidence
        for question, answer in self.content.questions:
            if answer is not None:
                initial[f"answer_{question.pk}"] = answer.answer
        return initial

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "ratings": {statement: (data.get(f"rating_{statement.pk}") or "",
                                    data.get(f"evidence_{statement.pk}") or "")
                        for statement, _rating in self.content.statements},
            "answers": {question: data.get(f"answer_{question.pk}") or ""
                        for question, _answer in self.content.questions},
            "key_findings": data.get("key_findings") or "",
        }


class EvidenceForm(GDSFormMixin, forms.Form):
    submit_label = _("Add evidence")

    text = model_notes_field(
        ReviewEvidence, "text", _("Add evidence"),
        help_text=_("For example, a report, figures, or what people told you. Do not write "
                    "anything that could identify someone."),
    )
    submission_key = key_field()  # stored once: betterlives.store_once

    def __init__(self, *args, action="", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_action = action
        self.helper.layout = Layout(
            Field.textarea("text", label_size=Size.MEDIUM, rows=4,
                           max_characters=self.fields["text"].max_length),
            Field("submission_key"),
        )
