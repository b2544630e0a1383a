"""A reusable test base for simple settings pages: a list, an add form, an edit form.

Subclass `CrudPageTests` as `Test<Thing>Pages`, fill in the class attributes and
the four hooks, and pytest runs the whole matrix for that record kind:

- every member of the practice sees the list, and nothing of another practice;
- each role allowed to change adds and edits (302, row written, audit row);
- each refused role gets 403 on the add and edit pages, GET and POST, and nothing changes;
- the outsider (olga, practice B) gets 404 on the edit page of a practice A record;
- each bad input re-renders the form (200) with the field's message, and writes nothing.

Parametrisation comes from the class (`pytest_generate_tests`), so each role and
each bad input is its own test id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from django.db.models import Model
from django.test import Client

from casepath.audit.models import Action, AuditEvent
from tests.conftest import World, signed_in

MEMBERS = ("tess", "fran", "doc", "mona")


@dataclass(frozen=True)
class Bad:
    """One bad input: the change to a valid post, the field named, words of its message."""

    id: str
    change: dict[str, Any]
    field: str
    message: str


class CrudPageTests:
    list_url: ClassVar[str]
    add_url: ClassVar[str]
    model: ClassVar[type[Model]]
    editors: ClassVar[tuple[str, ...]]
    refused: ClassVar[tuple[str, ...]]
    bad_inputs: ClassVar[tuple[Bad, ...]]

    # Hooks: how to make a record, reach its edit page, fill the form, and spot it.

    def make(self, world: World, practice: Any, label: str) -> Model:
        raise NotImplementedError

    def edit_url(self, record: Model) -> str:
        raise NotImplementedError

    def post_data(self, world: World, label: str) -> dict[str, Any]:
        """A valid post that names the record `label` (it shows in the list)."""
        raise NotImplementedError

    def label_of(self, record: Model) -> str:
        raise NotImplementedError

    def form_errors(self, response: Any) -> dict[str, list[str]]:
        return dict(response.context["form"].errors)

    # The matrix.

    def pytest_generate_tests(self, metafunc: Any) -> None:
        if "member" in metafunc.fixturenames:
            metafunc.parametrize("member", MEMBERS)
        if "editor" in metafunc.fixturenames:
            metafunc.parametrize("editor", self.editors)
        if "refused_role" in metafunc.fixturenames:
            metafunc.parametrize("refused_role", self.refused)
        if "bad" in metafunc.fixturenames:
            metafunc.parametrize("bad", self.bad_inputs, ids=[b.id for b in self.bad_inputs])

    def _count(self) -> tuple[int, int]:
        return self.model._default_manager.count(), AuditEvent.objects.count()

    def _client(self, world: World, who: str) -> Client:
        return signed_in(getattr(world, who))

    def test_every_member_sees_the_list_of_their_practice_only(
        self, world: World, member: str
    ) -> None:
        self.make(world, world.practice_a, "Riverside Only")
        self.make(world, world.practice_b, "Hillcrest Only")
        response = self._client(world, member).get(self.list_url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Riverside Only" in html
        assert "Hillcrest Only" not in html

    def test_signed_out_visitors_are_sent_to_sign_in(self, world: World) -> None:
        response = Client().get(self.list_url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]

    def test_editor_adds(self, world: World, editor: str) -> None:
        client = self._client(world, editor)
        assert client.get(self.add_url).status_code == 200
        response = client.post(self.add_url, self.post_data(world, "Added Here"))
        assert response.status_code == 302, self.form_errors(response)
        record = self.model._default_manager.get()
        assert self.label_of(record) == "Added Here"
        assert record.practice == world.practice_a  # type: ignore[attr-defined]
        audit = AuditEvent.objects.get()
        assert (audit.action, audit.object_id) == (Action.CREATE, str(record.pk))
        assert audit.actor == getattr(world, editor)

    def test_refused_role_cannot_add(self, world: World, refused_role: str) -> None:
        client = self._client(world, refused_role)
        before = self._count()
        assert client.get(self.add_url).status_code == 403
        assert client.post(self.add_url, self.post_data(world, "Sneaky")).status_code == 403
        assert self._count() == before

    def test_editor_edits(self, world: World, editor: str) -> None:
        record = self.make(world, world.practice_a, "Old Name")
        client = self._client(world, editor)
        page = client.get(self.edit_url(record))
        assert page.status_code == 200
        assert "Old Name" in page.content.decode()
        response = client.post(self.edit_url(record), self.post_data(world, "New Name"))
        assert response.status_code == 302, self.form_errors(response)
        record.refresh_from_db()
        assert self.label_of(record) == "New Name"
        audit = AuditEvent.objects.get()
        assert audit.action == Action.UPDATE
        assert "Old Name" in str(audit.changes) and "New Name" in str(audit.changes)

    def test_refused_role_cannot_edit(self, world: World, refused_role: str) -> None:
        record = self.make(world, world.practice_a, "Kept Name")
        client = self._client(world, refused_role)
        before = self._count()
        assert client.get(self.edit_url(record)).status_code == 403
        response = client.post(self.edit_url(record), self.post_data(world, "Changed"))
        assert response.status_code == 403
        record.refresh_from_db()
        assert self.label_of(record) == "Kept Name"
        assert self._count() == before

    def test_outsider_gets_404_on_the_edit_page(self, world: World) -> None:
        record = self.make(world, world.practice_a, "Riverside Only")
        client = self._client(world, "olga")
        assert client.get(self.edit_url(record)).status_code == 404
        response = client.post(self.edit_url(record), self.post_data(world, "Hijacked"))
        assert response.status_code == 404
        record.refresh_from_db()
        assert self.label_of(record) == "Riverside Only"

    def test_bad_input_on_add_names_the_field_and_writes_nothing(
        self, world: World, bad: Bad
    ) -> None:
        self.make(world, world.practice_a, "Existing One")
        before = self._count()
        data = self.post_data(world, "Added Here") | bad.change
        response = self._client(world, self.editors[0]).post(self.add_url, data)
        assert response.status_code == 200
        errors = self.form_errors(response)
        assert bad.field in errors, errors
        assert bad.message.lower() in " ".join(errors[bad.field]).lower()
        assert bad.message.lower() in response.content.decode().lower()
        assert self._count() == before

    def test_bad_input_on_edit_keeps_the_record(self, world: World, bad: Bad) -> None:
        self.make(world, world.practice_a, "Existing One")
        record = self.make(world, world.practice_a, "Being Edited")
        before = self._count()
        data = self.post_data(world, "Being Edited") | bad.change
        response = self._client(world, self.editors[0]).post(self.edit_url(record), data)
        assert response.status_code == 200
        assert bad.field in self.form_errors(response)
        record.refresh_from_db()
        assert self.label_of(record) == "Being Edited"
        assert self._count() == before
