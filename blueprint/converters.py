class NumberConverter:
    """A node's number in the Blueprint: 1, 2.7 or 2.7.1."""

    regex = r"[0-9]+(?:\.[0-9]+)*"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
