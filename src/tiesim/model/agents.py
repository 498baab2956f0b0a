"""The people of the model: each one a Mesa agent fixed to one node of the social network.

Read this file to learn the mechanism.  Every step the model asks all people to do each of the
methods below, one method for everyone before the next (so everyone decides from the same
state: updates are synchronous):

0. :meth:`Person.check_in_on_ties` spend my time keeping ties up (only with ``ties.maintenance``)
1. :meth:`Person.start_step`       note whether I am looking for work; forget a stale lead
2. :meth:`Person.hear_opening`     hear of an opening directly (newspaper, job board), if my
                                   draw is below my community's arrival probability
3. :meth:`Person.use_own_lead`     if I am looking and hold a lead, take the job
4. :meth:`Person.pass_lead`        if I hold a lead I do not need, tell one contact I talk to today
5. :meth:`Person.consider_offers`  hear what contacts told me; if still looking, take the best
6. :meth:`Person.maybe_lose_job`   employed people (new hires too) may lose their job
7. :meth:`Person.listen_to_trends` and :meth:`Person.adopt_trends`: novel information spreads

Then the ties themselves change (``WeakTiesModel.strengthen_or_fade_ties``: used ties grow stronger,
neglected ones fade; see ``tiesim.model.tie_dynamics``), and, with ``networking`` on, people
make new ones and job seekers ask contacts for informational interviews (the rules, written
once for both engines, are in ``tiesim.model.networking``).  The random numbers come from arrays
the model draws at the start of each step (``model.draws``), one entry per agent or per tie; an
agent reads its own entry.  See ``tiesim.model.draws``.
"""

from __future__ import annotations

from collections import Counter
from enum import Enum
from typing import TYPE_CHECKING

from mesa.discrete_space import FixedAgent

from tiesim.graphs.ties import Tie
from tiesim.model.leads import Lead, best
from tiesim.model.metrics import NEWS, TRENDS

if TYPE_CHECKING:
    from mesa.discrete_space import Cell

    from tiesim.model.model import WeakTiesModel

Contact = tuple["Person", int]  # the other person, and the slot of our tie


class Status(Enum):
    """Employment status."""

    EMPLOYED = "employed"
    UNEMPLOYED = "unemployed"


class Person(FixedAgent):
    """One agent: employed or not, holding at most one job lead, adopting trends."""

    model: WeakTiesModel

    def __init__(self, model: WeakTiesModel, cell: Cell, community: int, employed: bool):
        super().__init__(model)
        self.cell = cell
        self.node: int = cell.coordinate
        self.community = community
        self.status = Status.EMPLOYED if employed else Status.UNEMPLOYED
        self.unemployed_since = 0  # step the current unemployment spell began
        self.heard_since_job_loss = False
        self.lead: Lead | None = None
        self.inbox: list[Lead] = []  # leads contacts passed to me this step
        self.looking = not employed  # unemployed at the start of this step
        self.heard_today = False
        self.origins_heard: set[int] = set()  # communities my news came from
        # communities I heard from lately, by kind (NEWS, TRENDS): community -> last step
        self.heard_recently: tuple[dict[int, int], dict[int, int]] = ({}, {})
        self.adopted: set[int] = set()  # trend items I adopted
        self.told_by: dict[int, set[int]] = {}  # trend item -> contacts who told me of it
        self.items_heard = 0  # trend items I heard of (each novel to me when I did)
        self.topics_heard: Counter[int] = Counter()  # their topics (with topics_per_community)
        # what I did over the run, for the agents table (by Tie / Channel value)
        self.checkins = [0, 0]
        self.time_spent = [0.0, 0.0]
        self.leads_heard = [0, 0, 0, 0]
        self.job_losses = 0

    @property
    def employed(self) -> bool:
        """Whether this person has a job now."""
        return self.status is Status.EMPLOYED

    # ------------------------------------------------------------------ who I talk to
    def contacts(self) -> list[Person]:
        """Everyone tied to me now (whether we talk this step or not), in order of agent number."""
        return [self.model.people[other] for other in sorted(self.cell.connections)]

    def ties(self) -> list[Contact]:
        """Everyone tied to me now with the slot of our tie, in order of agent number."""
        return self.model.ties_of(self)

    def contacts_today(self) -> list[Contact]:
        """Contacts whose tie is active this step (the pair talk), in order of agent number."""
        return [(other, slot) for other, slot in self.ties() if self.model.active[slot]]

    def choose(self, contacts: list[Contact]) -> Contact:
        """Pick whom to tell, by the passing rule: at random, strongest tie, or weakest tie."""
        rule, strength = self.model.jobs.passing, self.model.graph.strength
        if rule == "strongest":
            return max(contacts, key=lambda contact: strength[contact[1]])
        if rule == "weakest":
            return min(contacts, key=lambda contact: strength[contact[1]])
        return contacts[int(self.model.choice[self.node] * len(contacts))]

    # ------------------------------------------------------------------ keeping ties up
    def check_in_on_ties(self) -> None:
        """Spend this step's time on check-ins, tie by tie in the order of my maintenance rule.

        I check in on each tie whose cost still fits the time I have left.  A check-in makes the
        tie active this step (we talk, so news can pass) and strengthens it.  With ``split``
        (Boorman 1975) a share of my time goes to strong ties and the rest to weak ones.
        """
        model = self.model
        time = model.tie_rules.budget(looking=not self.employed)
        if model.ties.maintenance == "split":
            strong_time = time * model.ties.strong_share
            spent = self.check_in_within(self.ties_by_neglect(Tie.STRONG), strong_time)
            self.check_in_within(self.ties_by_neglect(Tie.WEAK), time - spent)
        else:
            self.check_in_within(self.ties_in_maintenance_order(), time)

    def check_in_within(self, slots: list[int], time: float) -> float:
        """Check in on ``slots`` in order while time lasts; returns the time spent."""
        spent = 0.0
        for slot in slots:
            cost = self.model.checkin_cost(slot)
            if cost <= time - spent:
                self.model.check_in(self, slot, cost)
                spent += cost
        return spent

    def ties_due(self) -> list[int]:
        """Slots of my ties due a check-in (silent for ``checkin_after`` steps), by contact."""
        rules, last_talk, t = self.model.tie_rules, self.model.graph.last_talk, self.model.steps
        return [slot for _, slot in self.ties() if rules.due(last_talk[slot], t)]

    def ties_in_maintenance_order(self) -> list[int]:
        """My ties due a check-in, in the order my rule keeps them up (ties: by contact).

        ``oldest_first``: the tie longest without contact first; ``strong_first`` /
        ``weak_first``: that type first, each type oldest first; ``random``: a fresh random order
        each step.
        """
        model, graph = self.model, self.model.graph
        slots = self.ties_due()
        rule = model.ties.maintenance
        if rule == "random":
            return sorted(slots, key=lambda slot: model.checkin_priority(self.node, slot))
        if rule == "oldest_first":
            return sorted(slots, key=lambda slot: graph.last_talk[slot])
        first = Tie.STRONG if rule == "strong_first" else Tie.WEAK
        return sorted(slots, key=lambda slot: (graph.tie[slot] != first, graph.last_talk[slot]))

    def ties_by_neglect(self, tie: Tie) -> list[int]:
        """My ties of type ``tie`` due a check-in, the one longest without contact first."""
        graph = self.model.graph
        slots = [slot for slot in self.ties_due() if graph.tie[slot] == tie]
        return sorted(slots, key=lambda slot: graph.last_talk[slot])

    # ------------------------------------------------------------------ jobs
    def start_step(self) -> None:
        """Note whether I am looking for work, and forget a lead whose opening has closed."""
        self.looking = not self.employed
        self.heard_today = False
        self.inbox = []
        if self.lead and self.model.steps - self.lead.born >= self.model.jobs.lead_lifetime:
            self.lead = None

    def hear_opening(self) -> None:
        """Hear of an opening directly; keep it if it is better than the lead I hold.

        The model asks those whose ``arrival`` draw is below their community's arrival
        probability this step (``WeakTiesModel.hear_directly``).
        """
        lead = self.model.new_lead(self)
        self.hear(lead)
        self.lead = lead if self.lead is None else best([self.lead, lead])

    def use_own_lead(self) -> None:
        """If I am looking for work and hold a lead, take the job."""
        if self.looking and self.lead is not None:
            self.take_job(self.lead)
            self.lead = None

    def pass_lead(self) -> None:
        """Tell one contact I talk to today about a lead I do not need.

        A job seeker who asked me for an informational interview this step comes first (the
        lead's channel is then ``interview``), then any job seeker; if none of today's
        contacts is looking, and the lead may travel further after this pass, I relay it to
        an employed contact instead.
        """
        lead = self.lead
        if not self.employed or lead is None or lead.hops >= self.model.jobs.max_hops:
            return
        contacts = self.contacts_today()
        seekers = [c for c in contacts if c[0].looking]
        askers = [c for c in seekers if self.model.asked_today(c[1])]
        others = [c for c in contacts if not c[0].looking]
        if askers:
            person, slot = self.choose(askers)
        elif seekers:
            person, slot = self.choose(seekers)
        elif others and lead.hops + 1 < self.model.jobs.max_hops:
            person, slot = self.choose(others)
        else:
            return
        graph = self.model.graph
        tie, formed = Tie(int(graph.tie[slot])), int(graph.formed[slot])
        self.model.offer(person, lead.passed(person.node, slot, tie, formed, asked=bool(askers)))
        self.lead = None

    def consider_offers(self) -> None:
        """Hear the leads contacts passed me; if still looking, take the best, else keep it."""
        if not self.inbox:
            return
        for lead in self.inbox:
            self.hear(lead)
        offer = best(self.inbox)
        if not self.employed:
            self.take_job(offer)
        else:
            self.lead = offer if self.lead is None else best([self.lead, offer])

    def hear(self, lead: Lead) -> None:
        """Register news of an opening (for the metrics)."""
        self.model.tally_lead(self, lead)
        self.heard_today = True
        self.leads_heard[lead.channel] += 1
        self.note_origin(lead.origin)
        self.note_recent(NEWS, lead.origin)
        self.heard_since_job_loss = True

    def note_origin(self, community: int) -> None:
        """Remember that news reached me from ``community`` (information diversity)."""
        if community not in self.origins_heard:
            self.origins_heard.add(community)
            self.model.origins_heard_total += 1

    def note_recent(self, kind: int, community: int) -> None:
        """Remember that news of ``kind`` reached me from ``community`` this step.

        ``kind`` is ``NEWS`` (a job lead) or ``TRENDS`` (a trend item I hear of for the first
        time); the model counts who heard from where lately (``news_diversity``,
        ``trend_diversity``).
        """
        heard, t = self.heard_recently[kind], self.model.steps
        if heard.get(community) != t:
            self.model.heard_from(self, kind, community, new=community not in heard)
            heard[community] = t

    def take_job(self, lead: Lead) -> None:
        """Become employed through ``lead``."""
        self.model.record_hire(self, lead)
        self.status = Status.EMPLOYED
        self.model.employed_by_community[self.community] += 1

    def maybe_lose_job(self) -> None:
        """If employed, lose the job with probability ``job_loss``."""
        if self.employed and self.model.draws.job_loss[self.node] < self.model.jobs.job_loss:
            self.status = Status.UNEMPLOYED
            self.model.employed_by_community[self.community] -= 1
            self.job_losses += 1
            self.model.tally_job_loss()
            self.unemployed_since = self.model.steps
            self.heard_since_job_loss = False

    # ------------------------------------------------------------------ trends
    def listen_to_trends(self) -> None:
        """Note which contacts told me about items I have not adopted (they talk, then mention)."""
        chance = self.model.trends.transmission
        for other, slot in self.contacts_today():
            if not other.adopted or self.model.mention(other.node, slot) >= chance:
                continue
            for item in other.adopted - self.adopted:
                first = item not in self.told_by  # I hear of the item now
                self.told_by.setdefault(item, set()).add(other.node)
                origin = self.model.trend_origin(item)
                self.note_origin(origin)
                if first:
                    self.note_recent(TRENDS, origin)
                    self.note_item(item)

    def adopt_trends(self) -> None:
        """Adopt an item once enough distinct contacts told me of it (threshold; simple: 1)."""
        for item, tellers in self.told_by.items():
            if item in self.adopted:
                continue
            if len(tellers) >= self.model.adoption_threshold:
                self.adopt(item)
            elif self.model.adopts_below_threshold(item, self.node):
                self.adopt(item)

    def adopt(self, item: int) -> None:
        """Adopt a trend item."""
        self.adopted.add(item)
        self.model.tally_adoption(self, item)

    def start_trend(self, item: int) -> None:
        """Adopt a new trend item at its seeding (I heard it from its community of origin)."""
        self.adopt(item)
        origin = self.model.trend_origin(item)
        self.note_origin(origin)
        self.note_recent(TRENDS, origin)
        self.note_item(item)

    def note_item(self, item: int) -> None:
        """Count a trend item I hear of for the first time, and by its topic.

        It is novel to me: an item is followed only while it is its topic's current news
        (a newer item on the topic retires it), so I cannot already hold that news.
        """
        self.items_heard += 1
        topic = self.model.trend_topic(item)
        if topic >= 0:
            self.topics_heard[topic] += 1
