from datetime import date, datetime, timezone

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_comments_xtd.models import XtdComment

from blueprint.comments import COMMENT_COLUMNS, comment_rows, comments_for
from blueprint.models import Status
from blueprint.prepared import PreparedQuery
from cohorts.models import Cohort, SignUp
from examples.models import Example
from recommendations.models import Node
from recommendations.views import cohorts_of, examples_of, node_by_id


def field_values(obj):
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def test_a_prepared_model_row_is_the_instance_the_queryset_gives(blueprint):
    expected = Node.objects.get(number="2.7.2")

    [node] = node_by_id(node_id=expected.pk)

    assert field_values(node) == field_values(expected)
    assert (node._state.db, node._state.adding) == ("default", False)
    assert node.get_absolute_url() == expected.get_absolute_url()
    assert node_by_id(node_id=10**9) == []


def test_annotations_and_converters_are_applied_as_the_queryset_would(blueprint):
    node = Node.objects.get(number="2.7.2")
    cohort = Cohort.objects.create(
        node=node, name="Translation cohort", slug="translation", description="Twelve weeks.",
        commitment="Every other week.", status=Cohort.Status.OPEN, starts_on=date(2027, 1, 15),
        ends_on=date(2027, 4, 15), capacity=5, facilitator_name="Lee", facilitator_email="lee@example.org",
    )
    for n, status in enumerate([SignUp.Status.MEMBER, SignUp.Status.OFFERED, SignUp.Status.UNCONFIRMED]):
        SignUp.objects.create(
            cohort=cohort, name=f"Person {n}", email=f"p{n}@example.org", organisation="Org", role="Lead",
            sector="government", state_or_country="Ohio", city="Dayton", hope_to_change="More.", status=status,
        )

    [prepared] = cohorts_of(node_id=node.pk)
    [expected] = node.cohorts.with_seats_taken()

    assert prepared.seats_taken == expected.seats_taken == 2
    assert prepared.starts_on == date(2027, 1, 15)
    assert field_values(prepared) == field_values(expected)
    assert prepared.seats_left() == 3


def test_only_leaves_the_same_fields_deferred_and_the_shape_chooses_drafts(blueprint):
    node = Node.objects.get(number="2.7.2")
    draft = Example.objects.create(title="Draft example", slug="draft-example", status=Status.DRAFT)
    draft.nodes.add(node)
    expected = list(node.examples.published().only("slug", "title", "place"))

    public = examples_of(False, node_id=node.pk)
    staff = examples_of(True, node_id=node.pk)

    assert public[0].get_deferred_fields() == expected[0].get_deferred_fields()
    assert "body" in public[0].get_deferred_fields()
    shown = ("id", "slug", "title", "place")
    assert [[getattr(e, name) for name in shown] for e in public] == [[getattr(e, name) for name in shown] for e in expected]
    assert draft.pk not in [e.pk for e in public]
    assert [e.pk for e in staff] == [e.pk for e in node.examples.only("pk")]
    assert draft.pk in [e.pk for e in staff]


def test_values_list_rows_are_the_querysets_tuples_with_aware_dates(blueprint):
    node = Node.objects.get(number="2.7.2")
    for n in range(3):
        XtdComment.objects.create(
            content_type=ContentType.objects.get_for_model(Node), object_pk=str(node.pk), site_id=1,
            user_name=f"Reader {n}", user_email=f"r{n}@example.org", comment=f"Comment {n}",
            submit_date=datetime(2026, 3, 4 + n, 23, 30, tzinfo=timezone.utc), is_public=True,
        )

    rows = comment_rows(node)

    assert rows == list(comments_for(node).values_list(*COMMENT_COLUMNS))
    assert [row[2] for row in rows] == ["Reader 0", "Reader 1", "Reader 2"]
    assert rows[0][3] == datetime(2026, 3, 4, 23, 30, tzinfo=timezone.utc)
    assert comment_rows(Node.objects.get(number="2.7.1")) == []


def test_the_sql_is_built_once_per_shape_and_each_run_is_one_query_with_its_own_values(blueprint):
    built = []

    def build(staff, number):
        built.append(staff)
        return Node.objects.filter(number=number).visible_to_staff(staff).values_list("number", "title")

    prepared = PreparedQuery(build, number="\x00number\x00")
    with CaptureQueriesContext(connection) as queries:
        first = prepared(False, number="1")
        second = prepared(False, number="2")
        third = prepared(True, number="1")

    assert len(queries) == 3
    assert built == [False, True]
    assert first == [("1", Node.objects.get(number="1").title)]
    assert second == [("2", Node.objects.get(number="2").title)]
    assert third == first


def test_queries_a_prepared_query_cannot_repeat_faithfully_are_refused(blueprint):
    node = Node.objects.get(number="2.7.2")
    sample = {"number": "\x00number\x00"}

    with pytest.raises(ValueError, match="not among the query's parameters"):
        PreparedQuery(lambda number: Node.objects.filter(number="2.7.2"), **sample)(number="1")
    with pytest.raises(TypeError, match="select_related"):
        PreparedQuery(lambda number: Node.objects.filter(number=number).select_related("parent"), **sample)(number="1")
    with pytest.raises(TypeError, match="related objects"):
        PreparedQuery(lambda number: node.cohorts.filter(slug=number), **sample)(number="1")
    with pytest.raises(TypeError, match="model instances or values_list"):
        PreparedQuery(lambda number: Node.objects.filter(number=number).values("title"), **sample)(number="1")
    with pytest.raises(TypeError, match="expected the values"):
        node_by_id(number="1")


def test_queries_run_together_give_what_each_gives_alone_and_reach_postgresql_in_one_pipeline(blueprint):
    from unittest import mock

    from blueprint.prepared import run_together
    from recommendations.views import tools_of

    node = Node.objects.get(number="2.7.2")
    alone = [examples_of(False, node_id=node.pk), tools_of(False, node_id=node.pk), comment_rows(node)]
    connection.ensure_connection()
    raw = connection.connection
    pipelines = []
    if connection.vendor == "postgresql":
        real = raw.pipeline
        pipelines_patch = mock.patch.object(raw, "pipeline", side_effect=lambda: pipelines.append(1) or real())
    else:
        pipelines_patch = mock.patch.object(connection, "vendor", connection.vendor)  # nothing to watch

    with pipelines_patch, CaptureQueriesContext(connection) as queries:
        together = run_together(
            examples_of.bind(False, node_id=node.pk),
            tools_of.bind(False, node_id=node.pk),
            comment_query_for(node),
        )

    assert [[e.pk for e in together[0]], [t.pk for t in together[1]], together[2]] == [
        [e.pk for e in alone[0]], [t.pk for t in alone[1]], alone[2]
    ]
    assert [e.title for e in together[0]] == [e.title for e in alone[0]] != []
    assert len(queries) == 3
    assert pipelines == ([1] if connection.vendor == "postgresql" else [])


def comment_query_for(node):
    from blueprint.comments import comment_query

    return comment_query(Node, node.pk)


def prepared_statements():
    """(how many, how many runs in all): this connection's prepared statements on PostgreSQL."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), coalesce(sum(generic_plans + custom_plans), 0) FROM pg_prepared_statements")
        return tuple(cursor.fetchone())


@pytest.fixture
def rendered_node_page(blueprint, client, settings):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    settings.PAGE_CACHE_SECONDS = 0
    url = Node.objects.get(number="2.7.2").get_absolute_url()
    assert client.get(url).status_code == 200  # prepares them, unless an earlier test did

    def render_three_times():
        with CaptureQueriesContext(connection) as queries:
            statuses = [client.get(url).status_code for _ in range(3)]
        return statuses, len(queries)

    return render_three_times


def test_on_postgresql_every_query_of_a_node_page_is_a_statement_planned_once_per_connection(rendered_node_page):
    before = prepared_statements()

    statuses, queries = rendered_node_page()

    assert (statuses, queries) == ([200, 200, 200], 18)
    assert prepared_statements() == (before[0], before[1] + 18)


def test_without_prepared_statements_node_pages_send_their_queries_whole(rendered_node_page, monkeypatch):
    monkeypatch.setattr(connection.connection, "prepare_threshold", None)  # DATABASE_PREPARED_STATEMENTS=false
    before = prepared_statements()

    statuses, queries = rendered_node_page()

    assert (statuses, queries) == ([200, 200, 200], 18)
    assert prepared_statements() == before
