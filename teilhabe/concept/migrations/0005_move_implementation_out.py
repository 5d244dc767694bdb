"""Status updates, milestones and evaluations move to the implementation part. Only Django's
state changes: the tables (and their history tables) stay as they are and keep their names;
``implementation.0001_initial`` takes them over."""

from django.db import migrations


STATE_OPERATIONS = [
    migrations.RemoveField(
        model_name='historicalfigurerequest',
        name='evaluation',
    ),
    migrations.RemoveField(
        model_name='evaluationfigure',
        name='evaluation',
    ),
    migrations.RemoveField(
        model_name='historicalevaluationfigure',
        name='evaluation',
    ),
    migrations.RemoveField(
        model_name='figurerequest',
        name='evaluation',
    ),
    migrations.RemoveField(
        model_name='evaluationfigure',
        name='request',
    ),
    migrations.RemoveField(
        model_name='figurerequest',
        name='created_by',
    ),
    migrations.RemoveField(
        model_name='figurerequest',
        name='reviewed_by',
    ),
    migrations.RemoveField(
        model_name='historicalevaluationfigure',
        name='request',
    ),
    migrations.RemoveField(
        model_name='historicalevaluation',
        name='created_by',
    ),
    migrations.RemoveField(
        model_name='historicalevaluation',
        name='history_user',
    ),
    migrations.RemoveField(
        model_name='historicalevaluation',
        name='measure',
    ),
    migrations.RemoveField(
        model_name='historicalevaluation',
        name='municipality',
    ),
    migrations.RemoveField(
        model_name='historicalevaluationfigure',
        name='history_user',
    ),
    migrations.RemoveField(
        model_name='historicalfigurerequest',
        name='created_by',
    ),
    migrations.RemoveField(
        model_name='historicalfigurerequest',
        name='history_user',
    ),
    migrations.RemoveField(
        model_name='historicalfigurerequest',
        name='reviewed_by',
    ),
    migrations.RemoveField(
        model_name='historicalmilestone',
        name='history_user',
    ),
    migrations.RemoveField(
        model_name='historicalmilestone',
        name='measure',
    ),
    migrations.RemoveField(
        model_name='historicalstatusupdate',
        name='author',
    ),
    migrations.RemoveField(
        model_name='historicalstatusupdate',
        name='history_user',
    ),
    migrations.RemoveField(
        model_name='historicalstatusupdate',
        name='measure',
    ),
    migrations.RemoveField(
        model_name='historicalstatusupdate',
        name='reporting_municipality',
    ),
    migrations.RemoveField(
        model_name='milestone',
        name='measure',
    ),
    migrations.RemoveField(
        model_name='statusupdate',
        name='author',
    ),
    migrations.RemoveField(
        model_name='statusupdate',
        name='measure',
    ),
    migrations.RemoveField(
        model_name='statusupdate',
        name='reporting_municipality',
    ),
    migrations.DeleteModel(
        name='Evaluation',
    ),
    migrations.DeleteModel(
        name='EvaluationFigure',
    ),
    migrations.DeleteModel(
        name='FigureRequest',
    ),
    migrations.DeleteModel(
        name='HistoricalEvaluation',
    ),
    migrations.DeleteModel(
        name='HistoricalEvaluationFigure',
    ),
    migrations.DeleteModel(
        name='HistoricalFigureRequest',
    ),
    migrations.DeleteModel(
        name='HistoricalMilestone',
    ),
    migrations.DeleteModel(
        name='HistoricalStatusUpdate',
    ),
    migrations.DeleteModel(
        name='Milestone',
    ),
    migrations.DeleteModel(
        name='StatusUpdate',
    ),
]


class Migration(migrations.Migration):

    dependencies = [
        ('concept', '0004_move_needs_out'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=STATE_OPERATIONS, database_operations=[]),
    ]
