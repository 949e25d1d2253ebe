# The audit log has no admin: it is read on /audit/ by the audit administrator only and is
# never edited or deleted from the application.
