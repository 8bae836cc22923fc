"""Bulk import of enrollments from a CSV or XLSX file (upload → check → confirm, all or nothing).

- `columns`: the file's columns (the template's header) and what each holds;
- `reading`: bytes → a table of strings (pandas, `dtype=str`), refusing what is not a readable CSV or XLSX;
- `checks`: every row validated with the models' own field rules and `clean()`, plus what a file adds
  (duplicates within it, people already registered, seats left);
- `services`: `enrollment_import_upload` (keep the file, check it) and `enrollment_import_confirm` (check again
  under a lock on the cohorts, then save every trainee and enrollment, with their history, in one transaction).
"""
