from celery import shared_task

from .services import disable_idle_accounts


@shared_task(name="apps.accounts.tasks.disable_idle_accounts")
def disable_idle_accounts_task():
    return len(disable_idle_accounts())
