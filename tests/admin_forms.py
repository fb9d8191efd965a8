"""Fill in the admin's forms the way a browser submits them, so tests state only what changes."""

from django.urls import reverse


def admin_url(model, view, *args):
    """``admin_url(Enterprise, "change", pk)`` -> ``/admin/enterprises/enterprise/<pk>/change/``."""
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def form_fields(form):
    """The data a browser submits for ``form`` as it is shown."""
    data = {}
    for bound_field in form:
        value = bound_field.value()
        if value is None or value is False:
            continue
        if value is True:
            data[bound_field.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound_field.html_name] = [str(item) for item in value]
        else:
            data[bound_field.html_name] = str(value)
    return data


def submitted_form_data(response):
    """What the page's form would submit untouched: its fields and those of every inline."""
    context = response.context
    form = context["adminform"].form
    data = form_fields(form)
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        data.update(form_fields(formset.management_form))
        for inline_form in formset.forms:
            data.update(form_fields(inline_form))
    return data


def submit_form(client, url, *, headers=None, **changes):
    """GET the admin form at ``url``, change some fields, and POST it back."""
    page = client.get(url, headers=headers)
    return client.post(url, {**submitted_form_data(page), **changes}, headers=headers)
