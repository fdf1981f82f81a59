"""Background work of the life control (run by the task worker): ``run_life_control`` is the daily job
(``daily.run``) for a scheduler that queues tasks rather than running commands. (The reinstatement export
queued with a decision is ``exports.export_reinstatements_task``.)"""

from django_tasks import task


@task()
def run_life_control():
    from portal.lifecontrol import daily

    return daily.run()
