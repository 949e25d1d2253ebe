"""Edit forms of register rows that hold personal data (ID numbers, phones).

An edit page is not a reveal: the stored value is never put into the form (it would be sent to the
browser in clear without an audit entry). The field starts empty, its help text shows the masked
value, an empty field keeps what is stored and a tick clears it. Whoever needs the number in full
reveals it on the record's page, where apps.privacy audits the reveal.
"""

from django import forms

from apps.privacy.fields import PersonalDataField
from apps.privacy.values import PersonalValue


class MaskedPersonalEditMixin:
    """For ModelForms: personal-data fields of an existing row are not pre-filled."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_personal = []
        self.unchanged_personal = set()
        if not getattr(self.instance, "pk", None):
            return
        for field in self.instance._meta.fields:
            name = field.name
            if not isinstance(field, PersonalDataField) or name not in self.fields:
                continue
            stored = getattr(self.instance, name, "")
            self.initial[name] = ""
            if not stored:
                continue
            self.kept_personal.append(name)
            shown = stored.masked if isinstance(stored, PersonalValue) else "已登记"
            self.fields[name].required = False
            self.fields[
                name
            ].help_text = f"已登记：{shown}。留空则不修改；如需核对完整号码，请在详情页点击“查看”（记入审计）。"
            self.fields[f"{name}_clear"] = forms.BooleanField(label=f"删除已登记的{field.verbose_name}", required=False)
        # the tick boxes go right after their fields
        if self.kept_personal:
            order = []
            for name in list(self.fields):
                if name.endswith("_clear") and name[: -len("_clear")] in self.kept_personal:
                    continue
                order.append(name)
                if name in self.kept_personal:
                    order.append(f"{name}_clear")
            self.order_fields(order)

    def clean(self):
        data = super().clean()
        for name in self.kept_personal:
            typed = data.get(name)
            if data.pop(f"{name}_clear", False):
                if typed:
                    self.add_error(f"{name}_clear", "已勾选删除，请不要同时填写新的号码。")
                data[name] = ""
            elif not typed:
                data[name] = getattr(self.instance, name)
                self.unchanged_personal.add(name)
        return data

    def _get_validation_exclusions(self):
        # A kept value is what is stored: it is not the user's input, so an old value that today's
        # check would refuse does not block the rest of the edit (a new value is checked as usual).
        exclusions = super()._get_validation_exclusions()
        exclusions.update(getattr(self, "unchanged_personal", ()))
        return exclusions
