"""factory-boy factories for the partnership's core records. Each app's tests add theirs in
tests/<app>/factories.py."""

import datetime

import factory

from partnership.models import (
    Agreement,
    Board,
    Clause,
    Consultation,
    Membership,
    Organisation,
    Partnership,
    Person,
)

PASSWORD = "a-long-test-password-1"


def many_to_many(field: str):
    """A declaration that sets a many-to-many field from a list: ProjectFactory(partners=[cpca])."""

    @factory.post_generation
    def declaration(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, field).set(extracted)

    return declaration


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["short_name"]
        skip_postgeneration_save = True

    short_name = factory.Sequence(lambda n: f"ORG{n}")
    name = factory.LazyAttribute(lambda o: f"{o.short_name} Organisation")
    kind = Organisation.BodyType.OTHER
    board = factory.RelatedFactory(
        "tests.factories.BoardFactory",
        factory_related_name="organisation",
        name=factory.SelfAttribute("..name"),
    )


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    organisation = factory.SubFactory(OrganisationFactory, board=None)
    name = factory.LazyAttribute(lambda b: f"{b.organisation.short_name} Board")
    quorum = 2


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Partnership {n}")

    parties = many_to_many("parties")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """PersonFactory(roles=[(organisation, "officer"), ...])"""
        if create:
            self.save()
            for organisation, role in extracted or []:
                Membership.objects.create(person=self, organisation=organisation, role=role)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    partnership = factory.SubFactory(PartnershipFactory)
    title = "Strategic Partnership Agreement"
    version = factory.Sequence(lambda n: n + 1)
    source_sha256 = factory.Faker("sha256")


class ClauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clause

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.Sequence(lambda n: f"2.3.{n + 1}")
    heading = factory.Faker("sentence", nb_words=3)
    text = factory.Faker("paragraph")
    kind = Clause.Category.COMMITMENT
    position = factory.Sequence(lambda n: n + 1)


class ConsultationFactory(factory.django.DjangoModelFactory):
    """A consultation under the duty to cooperate (3.4), open today, a response due in 20 days."""

    class Meta:
        model = Consultation

    kind = Consultation.Document.LOCAL_PLAN
    title = "Local plan"
    summary = "Draft"
    link = "https://example.org"
    opens_on = factory.LazyFunction(datetime.date.today)
    respond_by = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=20))
