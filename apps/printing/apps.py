from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class Config(AppConfig):
    name = "apps.printing"
    label = "printing"
    verbose_name = "打印"

    def ready(self):
        # Each app's Excel registers: its registers.py calls apps.printing.registers.register(),
        # found here as the admin finds admin.py, so the printer names no section app.
        autodiscover_modules("registers")
