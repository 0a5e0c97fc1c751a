"""The backup's JSON: Django's, except that times keep their microseconds.

Django's JSON encoder cuts times to milliseconds, so a revision saved at 12:00:00.000500 would
come back from a backup as 12:00:00. Backups are read by Django's own JSON deserializer.
"""

import datetime

from django.core.serializers import json as django_json


class ExactJSONEncoder(django_json.DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and not o.utcoffset():
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder


Deserializer = django_json.Deserializer
