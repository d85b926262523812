from __future__ import annotations

import factory

from accounts.models import Membership, Role, User, Workspace
from templates_app.models import Template, TemplateVersion
from templates_app.services.content import content_clean
from templates_app.services.versions import version_build

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = "Ada"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class WorkspaceFactory(factory.django.DjangoModelFactory[Workspace]):
    class Meta:
        model = Workspace

    name = factory.Sequence(lambda n: f"Workspace {n}")
    slug = factory.Sequence(lambda n: f"workspace-{n}")


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    workspace = factory.SubFactory(WorkspaceFactory)
    role = Role.EDITOR


class TemplateFactory(factory.django.DjangoModelFactory[Template]):
    """A template with a version 1; `TemplateFactory(content={"body": ...})` sets its content."""

    class Meta:
        model = Template
        skip_postgeneration_save = True

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Template {n}")
    slug = factory.Sequence(lambda n: f"template-{n}")
    category = "marketing"
    tags = factory.LazyFunction(lambda: ["blog"])

    @factory.post_generation
    def content(self, create: bool, extracted: dict | None, **kwargs: object) -> None:
        if not create:
            return
        data = {
            "body": "Write a post about {{ topic }}.",
            "variables": [{"name": "topic", "max_length": 100}],
            **(extracted or {}),
        }
        content, _warnings = content_clean(**data)
        version = version_build(
            template=self, number=1, content=content, user=self.created_by, changelog="Created."
        )
        version.save()
        self.current_version = version
        self.save(update_fields=["current_version"])

    @factory.post_generation
    def unchecked_body(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        """A body written straight into version 1, past the checks of a save: what a version
        saved before a check existed may hold."""
        if create and extracted is not None:
            TemplateVersion.objects.filter(pk=self.current_version_id).update(body=extracted)
            self.current_version.body = extracted
