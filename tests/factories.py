import factory
from django.contrib.auth import get_user_model

from blueprint.models import Page
from examples.models import Example, Tool
from recommendations.models import Node


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "a-long-test-password")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class NodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Node

    number = factory.Sequence(lambda n: str(n + 100))  # after the Blueprint's own principles
    title = factory.Sequence(lambda n: f"Principle title {n}")


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")


class ExampleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Example

    title = factory.Sequence(lambda n: f"Example {n}")
    slug = factory.Sequence(lambda n: f"example-{n}")


class ToolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tool

    title = factory.Sequence(lambda n: f"Tool {n}")
    slug = factory.Sequence(lambda n: f"tool-{n}")
