"""The two roles of the editors' admin, as Django groups.

``Editors`` add, change and view the data and its history, and cannot delete anything or manage
accounts; ``Viewers`` only look. The groups and their permissions are created by the migration
``accounts.0001_roles``.
"""

EDITORS = "Editors"
VIEWERS = "Viewers"
