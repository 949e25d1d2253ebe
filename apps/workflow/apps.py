from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class Config(AppConfig):
    name = "apps.workflow"
    label = "workflow"
    verbose_name = "流程引擎"

    def ready(self):
        from . import checks  # noqa: F401  (uploads stay outside the web root)

        # Each app's processes.py registers its procedures (apps.workflow.processes.register) and
        # its sweeps.py its sweep passes (apps.workflow.sweep.register_pass); the engine finds
        # them here, as the admin finds admin.py, and names no section app.
        autodiscover_modules("processes", "sweeps")

        # One plausibility check for every date typed on a matter (issue 20 item 1): validators
        # on the models' DateFields (migrations unchanged) and a hook after every form's clean().
        from django.apps import apps

        from . import plausible_dates

        plausible_dates.attach_model_validators(apps.get_models())
        plausible_dates.install_form_hook()

        from django.db.models.signals import post_delete, post_save

        from apps.org.models import Section

        from .forms import forget_section_choices

        # the inbox's section filter is cached (forms.section_choices)
        post_save.connect(forget_section_choices, sender=Section, dispatch_uid="workflow-section-choices")
        post_delete.connect(forget_section_choices, sender=Section, dispatch_uid="workflow-section-choices-del")
