from .records.forms import BrigadeRecordForm
from .models import Officer


class OfficerForm(BrigadeRecordForm):
    class Meta:
        model = Officer
        fields = ["brigade", "name", "kind", "badge_number", "squadron", "position", "phone", "is_active"]
