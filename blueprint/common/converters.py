from blueprint.common.forms import WHOLE_NUMBER, whole_number


class NumberConverter:
    """A node's number in the Blueprint: 1, 2.7 or 2.7.1."""

    regex = r"[0-9]+(?:\.[0-9]+)*"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class IdConverter:
    """A row's id in an address, read as `whole_number` reads one: Django's `int` takes any
    length, and a 30-digit id overflows the query instead of finding nothing."""

    regex = WHOLE_NUMBER

    def to_python(self, value):
        return whole_number(value)

    def to_url(self, value):
        return str(value)
