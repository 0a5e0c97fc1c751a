from io import StringIO

from django.core.management import call_command

from recommendations.models import Node


def test_load_blueprint_twice_keeps_editors_changes(blueprint):
    node = Node.objects.get(number="1.1")
    node.title = "Edited by an editor"
    node.save()
    out = StringIO()
    call_command("load_blueprint", stdout=out)
    assert out.getvalue() == "The Blueprint is already loaded; nothing was changed.\n"
    assert Node.objects.get(number="1.1").title == "Edited by an editor"
