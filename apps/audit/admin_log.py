"""Every add, change and delete made in the Django admin also goes to the audit log.

The admin writes its own LogEntry through log_addition / log_change / log_deletions; this mixin
writes an audit row at the same three points, inside the admin's transaction, with the names
(never the values) of the changed fields and of the inline rows added, changed or deleted.
RoleRestrictedAdmin (apps/accounts/admin_roles.py), which every admin of the portal uses, is
built on it, so a new rule or role admin is audited without anyone remembering to.

Events: `permission.change` for accounts, roles and grants; `config.change` for everything else
(rules, calendars, the org chart), unless an admin names its own (`audit_event`).
"""

from django.db import router, transaction

from .log import record

PERMISSION_MODELS = {"accounts.user", "accounts.officerolegrant", "auth.group", "auth.permission", "workflow.casegrant"}


def _changes(form, formsets):
    # A form may name its changes in model terms (audited_changes) when its fields are not the
    # model's one to one (the rule forms' combined selects and their 修改原因).
    fields = getattr(form, "audited_changes", None) or (lambda: list(form.changed_data))
    changes = {"fields": fields() if form is not None else []}
    reason = getattr(form, "cleaned_data", {}).get("change_reason") if form is not None else None
    if reason:
        changes["reason"] = reason
    inlines = []
    for formset in formsets or ():
        for obj in formset.new_objects:
            inlines.append({"model": obj._meta.label, "action": "create", "id": obj.pk})
        for obj, fields in formset.changed_objects:
            inlines.append({"model": obj._meta.label, "action": "change", "id": obj.pk, "fields": list(fields)})
        for obj in formset.deleted_objects:
            inlines.append({"model": obj._meta.label, "action": "delete", "object": str(obj)[:80]})
    if inlines:
        changes["inlines"] = inlines
    return changes


class AuditedAdminMixin:
    audit_event = None

    def audit_event_for(self, obj):
        if self.audit_event:
            return self.audit_event
        return "permission.change" if obj._meta.label_lower in PERMISSION_MODELS else "config.change"

    def audit_detail(self, obj):
        """Extra detail for this model's rows (no personal data values)."""
        return {}

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        request._admin_audit_changes = _changes(form, formsets)
        return message

    def _audit(self, request, obj, action):
        changes = getattr(request, "_admin_audit_changes", None) or {}
        request._admin_audit_changes = None
        detail = {"action": action, **changes, "admin": f"{self.opts.app_label}.{self.opts.model_name}"}
        detail.update(self.audit_detail(obj))
        record(self.audit_event_for(obj), actor=request.user, obj=obj, detail=detail)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._audit(request, obj, "create")
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._audit(request, obj, "change")
        return entry

    def log_deletions(self, request, queryset):
        objects = list(queryset)
        entries = super().log_deletions(request, objects)
        for obj in objects:
            self._audit(request, obj, "delete")
        return entries

    def response_action(self, request, queryset):
        # Admin actions (bulk delete, unlock, disable...) with their audit rows: all or nothing.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().response_action(request, queryset)
