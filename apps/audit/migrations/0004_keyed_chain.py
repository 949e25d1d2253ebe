"""Re-key the audit chain: from plain SHA-256 to HMAC-SM3 under AUDIT_CHAIN_KEY.

The old chain is verified first, row by row, with the old hash: a database whose log was
already broken stops here (the migration raises with the first bad row) instead of having the
break laundered by the new hashes. Then every row's hash is recomputed with the key, in id
order, keeping the first remaining row's link (a retention purge's anchor) as it is.

The append-only trigger refuses UPDATE, so on PostgreSQL it is disabled for this transaction's
table only and enabled again before the migration ends (a migration runs as the table owner).
"""

import hashlib
import json

from django.db import migrations

TABLE = "audit_auditevent"
TRIGGER = "audit_auditevent_no_change"


def payload(row):
    # The same fields, order and form as AuditEvent.payload() at the time of this migration.
    return json.dumps(
        [
            row.prev_hash,
            row.created_at.isoformat(),
            row.actor_id,
            row.actor_name,
            row.event,
            row.outcome,
            row.object_type,
            row.object_id,
            row.object_repr,
            row.ip,
            row.request_id,
            row.detail,
        ],
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    ).encode()


def rekey(apps, schema_editor):
    from apps.audit.chain import mac

    AuditEvent = apps.get_model("audit", "AuditEvent")
    db = schema_editor.connection.alias
    rows = AuditEvent.objects.using(db).order_by("id")
    if not rows.exists():
        return
    # 1. The old chain must verify as it stands.
    previous = None
    for row in rows.iterator(chunk_size=2000):
        if previous is not None and row.prev_hash != previous:
            raise RuntimeError(f"审计日志在第 {row.id} 条处与前一条断开，不能改用带密钥的哈希链；请先核查。")
        if hashlib.sha256(payload(row)).hexdigest() != row.hash:
            raise RuntimeError(f"审计日志第 {row.id} 条的哈希不符（被改动过），不能改用带密钥的哈希链；请先核查。")
        previous = row.hash
    # 2. Re-chain with the key.
    postgres = schema_editor.connection.vendor == "postgresql"
    with schema_editor.connection.cursor() as cursor:
        if postgres:
            # ALTER TABLE refuses while deferred constraint checks on the table are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRIGGER}")
        previous = None
        for row in rows.iterator(chunk_size=2000):
            if previous is not None:
                row.prev_hash = previous
            new_hash = mac(payload(row))
            cursor.execute(f"UPDATE {TABLE} SET prev_hash = %s, hash = %s WHERE id = %s", [row.prev_hash, new_hash, row.id])
            previous = new_hash
        if postgres:
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {TRIGGER}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_purge_path")]
    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
