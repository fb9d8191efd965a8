"""Tooling that prepared the published dataset from its source articles; not part of the service.

The service repairs every article it imports with the general steps of ``apps.sources.repair``;
what was particular to one article (its case rules, its review) lives here, beside the tests
that prove the committed fixtures are what these rules make of the raw text.
"""
