"""Every form class of the portal, found by importing each apps.<app>.forms module (issue 20).

The walk tests (dates, server-side constraints) use this so that a new form is checked without
anyone remembering to list it.
"""

import importlib
import pkgutil

from django import forms
from django.apps import apps


def forms_modules():
    """apps.<app>.forms and the forms modules of an app's sub-packages (apps.finance.claims.forms)."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        names = [f"{config.name}.forms"]
        for info in pkgutil.walk_packages(config.module.__path__, prefix=f"{config.name}."):
            if info.name.endswith(".forms") and info.name not in names and ".migrations" not in info.name:
                names.append(info.name)
        for name in names:
            try:
                found.append(importlib.import_module(name))
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
    return found


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def form_classes():
    """Concrete Form/ModelForm classes defined in an apps.*.forms module, sorted by path."""
    modules = {module.__name__ for module in forms_modules()}
    found = {
        cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__ in modules
        and not getattr(getattr(cls, "Meta", None), "abstract", False)
        and (not issubclass(cls, forms.BaseModelForm) or getattr(getattr(cls, "_meta", None), "model", None))
    }
    return sorted(found, key=path)


def path(cls):
    return f"{cls.__module__}.{cls.__qualname__}"


def build(cls, data):
    """A bound form of `cls` without the view's context (case, user ...): the class's own
    __init__ when it takes only data, else BaseForm's/BaseModelForm's, which is enough to render
    and validate its declared fields."""
    try:
        return cls(data=data)
    except (TypeError, AttributeError, KeyError):  # it needs its case, review, user ...
        pass
    form = cls.__new__(cls)
    if issubclass(cls, forms.BaseModelForm):
        forms.BaseModelForm.__init__(form, data=data)
    else:
        forms.BaseForm.__init__(form, data=data)
    return form


def field_errors(form):
    """Validate like form.is_valid(); a form whose own clean() needs the view's context (it
    raises AttributeError/KeyError without it) is validated field by field and then through the
    engine's date check, which is exactly what runs after clean() in production."""
    from apps.workflow.plausible_dates import check_pairs

    try:
        form.full_clean()
    except Exception:  # noqa: BLE001  (the form's own clean() without its context)
        form._errors = forms.utils.ErrorDict()
        form.cleaned_data = {}
        form._clean_fields()  # includes the engine's date check (plausible_dates.install_form_hook)
        check_pairs(form)
    return form.errors
