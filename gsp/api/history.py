"""History of a row (django-simple-history) as API data: who changed what, when."""

from rest_framework import serializers

from ..access import actor_label
from ..history import record_changes

TYPES = {"+": "created", "~": "changed", "-": "deleted"}


class HistoryRecordSerializer(serializers.Serializer):
    """One recorded version of an object, with the fields that changed from the version before."""

    history_id = serializers.IntegerField()
    date = serializers.DateTimeField(source="history_date")
    action = serializers.SerializerMethodField()
    user = serializers.SerializerMethodField(help_text="Name and organisation; null for a system change.")
    reason = serializers.CharField(source="history_change_reason", allow_null=True)
    changes = serializers.SerializerMethodField()

    def get_action(self, record) -> str:
        return TYPES.get(record.history_type, record.history_type)

    def get_user(self, record) -> str | None:
        return actor_label(record.history_user) if record.history_user_id else None

    def get_changes(self, record) -> dict:
        """{field: {"from": old, "to": new}} against the previous version (every field on creation)."""
        return {name: {"from": _plain(old), "to": _plain(new)} for name, (old, new) in record_changes(record).items()}


def _plain(value):
    return value if isinstance(value, (int, float, bool, type(None))) else str(value)
