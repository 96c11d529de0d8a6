"""Background work for the action plan app: making report PDFs (django-tasks).

With the immediate backend (the default) a report is made as soon as it is asked for; in
production the database backend queues it for `manage.py db_worker`.
"""

from django_tasks import task


@task()
def make_report(report_pk):
    from .reports.services import report_make

    return report_make(report_pk=report_pk)
