"""The Easy Read summary: what we asked, what people told us, what we will do, and how to
find out more. One short idea at a time, each with a picture beside it.

What people told us is shown for the chosen domains only, as the face for each voice's
score on the one face scale (betterlives.faces) with words. A suppressed voice shows no
face and no number: only that fewer than the threshold of people answered.

The public "You said, we did" page (actionplans.selectors.you_said) uses the same pieces.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from betterlives import faces
from evaluations.models import ChoiceReason
from evaluations.scores import SURVEY_VOICES, Voice
from evaluations.selectors.results import evaluation_results
from evaluations.selectors.step_two import chosen_domain_list

from ..models import Group, Status
from .common import document_context, participation, plan

# Who each voice is, in words for Easy Read.
WHO = {
    Voice.LIVED_EXPERIENCE: _("People with a learning disability"),
    Voice.FAMILY_CARERS: _("Family carers"),
    Voice.STAFF_PARTNERS: _("Staff"),
    Voice.WORKSHOP_VOTES: _("People at our workshop"),
}
STATUS_PICTURES = {
    Status.NOT_STARTED: ("images/easy-read/not-started.svg", _("A flag at the start of a path")),
    Status.ON_TRACK: ("images/easy-read/going-well.svg", _("A green arrow going forward")),
    Status.AT_RISK: ("images/easy-read/warning.svg", _("A warning sign")),
    Status.OFF_TRACK: ("images/easy-read/warning.svg", _("A warning sign")),
    Status.DONE: ("images/easy-read/done.svg", _("A tick")),
}
REASON_PICTURES = {
    ChoiceReason.IMPROVE: ("images/easy-read/look.svg", _("A magnifying glass")),
    ChoiceReason.STRENGTH: ("images/easy-read/star.svg", _("A star")),
    ChoiceReason.OTHER: ("images/easy-read/look.svg", _("A magnifying glass")),
}
# What an action's status means, in Easy Read.
STATUS_WORDS = {
    Status.NOT_STARTED: _("We have not started this yet."),
    Status.ON_TRACK: _("This is going well."),
    Status.AT_RISK: _("This might be late, or might not work."),
    Status.OFF_TRACK: _("This is not going well."),
    Status.DONE: _("We have done this."),
}


def voices_shown(audiences):
    """The voices an Easy Read page shows: the surveys the evaluation has, then the
    workshop votes (only for a domain where there are any: see `easy_voices`)."""
    return [v for v in (*SURVEY_VOICES, Voice.WORKSHOP_VOTES)
            if v in audiences or v == Voice.WORKSHOP_VOTES]


def easy_voices(result, shown):
    """EasyVoice for each shown voice of one DomainResult (from evaluation_results)."""
    if result is None:
        return []
    return [EasyVoice(result.voice(v)) for v in shown
            if v != Voice.WORKSHOP_VOTES or result.voice(v).has_answers]


@dataclass
class EasyVoice:
    result: object  # evaluations.scores.VoiceResult

    @property
    def who(self):
        return WHO[self.result.voice]

    @property
    def suppressed(self):
        return self.result.suppressed

    @property
    def face(self):
        return None if self.suppressed else faces.face_for(self.result.score)

    @property
    def score(self):
        return None if self.suppressed else self.result.score

    @property
    def picture(self):
        return faces.PICTURES.get(self.face)

    @property
    def picture_alt(self):
        return faces.ALT.get(self.face, "")

    @property
    def words(self):
        return faces.WORDS.get(self.face, "")


@dataclass
class EasyAction:
    action: object

    @property
    def picture(self):
        return STATUS_PICTURES[self.action.status][0]

    @property
    def picture_alt(self):
        return STATUS_PICTURES[self.action.status][1]

    @property
    def words(self):
        return STATUS_WORDS[self.action.status]


@dataclass
class EasyDomain:
    chosen: object  # ChosenDomain
    voices: list = field(default_factory=list)  # EasyVoice
    actions: list = field(default_factory=list)  # EasyAction

    @property
    def domain(self):
        return self.chosen.domain

    @property
    def reason_picture(self):
        return REASON_PICTURES.get(self.chosen.reason, REASON_PICTURES[ChoiceReason.OTHER])


def easy_read_context(evaluation, made_at=None):
    context = document_context(evaluation, made_at, _("Easy Read summary: {title}"))
    results = {r.domain.pk: r for r in evaluation_results(evaluation)}
    who_took_part = participation(evaluation)
    audiences = {row.audience for row in who_took_part.surveys}
    shown = voices_shown(audiences)
    the_plan = plan(evaluation)
    actions = {section.domain.pk: section.actions for section in the_plan.sections}
    domains = []
    for chosen in chosen_domain_list(evaluation=evaluation):
        voices = easy_voices(results.get(chosen.domain_id), shown)
        domains.append(EasyDomain(chosen, voices, [
            EasyAction(a) for a in actions.get(chosen.domain_id, [])]))
    return {
        **context,
        "participation": who_took_part,
        "domain_count": len(results),
        "domains": domains,
        "plan": the_plan,
        "action_count": sum(len(d.actions) for d in domains),
        "done_count": sum(1 for d in domains for a in d.actions
                          if a.action.status == Status.DONE),
        "co_produced": any(Group.LIVED_EXPERIENCE in a.action.co_produced_with
                           for d in domains for a in d.actions),
    }
