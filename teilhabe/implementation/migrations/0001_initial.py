"""The implementation part takes over the tables of status updates, milestones and evaluations
from the concept part (``concept.0005_move_implementation_out``). The tables exist already and
keep their names, so only Django's state changes; the content types move with them, so
permissions and history keep pointing to the same rows."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from teilhabe.core.schema import create_missing_tables


MOVED = [
    "evaluation",
    "evaluationfigure",
    "figurerequest",
    "historicalevaluation",
    "historicalevaluationfigure",
    "historicalfigurerequest",
    "historicalmilestone",
    "historicalstatusupdate",
    "milestone",
    "statusupdate",
]


def _relabel(apps, schema_editor, old, new):
    content_type = apps.get_model("contenttypes", "ContentType")
    taken = set(content_type.objects.filter(app_label=new, model__in=MOVED).values_list("model", flat=True))
    content_type.objects.filter(app_label=old, model__in=set(MOVED) - taken).update(app_label=new)


def move_content_types(apps, schema_editor):
    _relabel(apps, schema_editor, "concept", "implementation")


def move_content_types_back(apps, schema_editor):
    _relabel(apps, schema_editor, "implementation", "concept")


STATE_OPERATIONS = [
    migrations.CreateModel(
        name='Evaluation',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('report_year', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(1990), django.core.validators.MaxValueValidator(2100)], verbose_name='Report year')),
            ('selected_for_report', models.BooleanField(default=True, help_text='Landshut evaluates three measures in depth per integration report.', verbose_name='selected for in-depth evaluation in the report')),
            ('question', models.TextField(blank=True, verbose_name='Evaluation question')),
            ('input_text', models.TextField(blank=True, help_text='Staff, money, partners, rooms put in.', verbose_name='Input')),
            ('activities_text', models.TextField(blank=True, help_text='What was done with it.', verbose_name='Activities')),
            ('output_text', models.TextField(blank=True, help_text='What was produced: courses, places, participants.', verbose_name='Output')),
            ('outcome_text', models.TextField(blank=True, help_text='What changed for the target group.', verbose_name='Outcome')),
            ('findings', models.TextField(blank=True, verbose_name='Findings')),
            ('recommendation', models.CharField(blank=True, choices=[('', 'not yet decided'), ('continue', 'continue'), ('adapt', 'adapt'), ('end', 'end')], default='', max_length=10, verbose_name='Recommendation')),
            ('recommendation_note', models.TextField(blank=True, verbose_name='Reasons for the recommendation')),
            ('status', models.CharField(choices=[('draft', 'draft'), ('complete', 'complete')], default='draft', max_length=10, verbose_name='Status')),
            ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='Version')),
            ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created on')),
            ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('measure', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='evaluations', to='concept.measure', verbose_name='Measure')),
            ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evaluations', to='core.municipality')),
        ],
        options={
            'verbose_name': 'Evaluation',
            'verbose_name_plural': 'Evaluations',
            'db_table': 'concept_evaluation',
            'ordering': ['-report_year', 'measure__number', 'pk'],
        },
    ),
    migrations.CreateModel(
        name='FigureRequest',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('recipient', models.CharField(help_text='Lead office or actor, e.g. Amt 51, Caritas', max_length=200, verbose_name='Recipient')),
            ('message', models.TextField(blank=True, verbose_name='Message to the recipient')),
            ('token_hash', models.CharField(max_length=64, unique=True)),
            ('expires_at', models.DateTimeField(verbose_name='valid until')),
            ('status', models.CharField(choices=[('sent', 'waiting for the answer'), ('submitted', 'answered, to be reviewed'), ('accepted', 'figures taken over'), ('rejected', 'figures not taken over')], default='sent', max_length=10, verbose_name='Status')),
            ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='answered on')),
            ('submitted_by_name', models.CharField(blank=True, max_length=200, verbose_name='Answered by')),
            ('submitted_comment', models.TextField(blank=True, verbose_name='Comment of the recipient')),
            ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='reviewed on')),
            ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
            ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('evaluation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='requests', to='implementation.evaluation')),
            ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
        ],
        options={
            'verbose_name': 'Request for figures',
            'verbose_name_plural': 'Requests for figures',
            'db_table': 'concept_figurerequest',
            'ordering': ['-created_at'],
        },
    ),
    migrations.CreateModel(
        name='EvaluationFigure',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('stage', models.CharField(blank=True, choices=[('', 'not assigned'), ('input', 'Input'), ('activities', 'Activities'), ('output', 'Output'), ('outcome', 'Outcome')], default='', max_length=10, verbose_name='Stage of the logic model')),
            ('label', models.CharField(max_length=200, verbose_name='Figure')),
            ('value', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='Value')),
            ('unit', models.CharField(blank=True, max_length=40, verbose_name='Unit')),
            ('source', models.CharField(max_length=300, verbose_name='Source')),
            ('as_of', models.DateField(verbose_name='as of')),
            ('origin', models.CharField(choices=[('manual', 'entered by staff'), ('update', 'status update of the measure'), ('usage', 'usage of a linked offer'), ('survey', 'survey result'), ('request', 'requested by link')], default='manual', max_length=10, verbose_name='Origin')),
            ('reviewed', models.BooleanField(default=True, verbose_name='reviewed')),
            ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
            ('evaluation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='figures', to='implementation.evaluation')),
            ('request', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='figures', to='implementation.figurerequest')),
        ],
        options={
            'verbose_name': 'Figure',
            'verbose_name_plural': 'Figures',
            'db_table': 'concept_evaluationfigure',
            'ordering': ['stage', 'as_of', 'pk'],
        },
    ),
    migrations.CreateModel(
        name='HistoricalEvaluation',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('delegated_by', models.CharField(blank=True, default='', max_length=200, verbose_name='delegated by')),
            ('author_anonymised', models.BooleanField(default=False, verbose_name='author anonymised')),
            ('report_year', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(1990), django.core.validators.MaxValueValidator(2100)], verbose_name='Report year')),
            ('selected_for_report', models.BooleanField(default=True, help_text='Landshut evaluates three measures in depth per integration report.', verbose_name='selected for in-depth evaluation in the report')),
            ('question', models.TextField(blank=True, verbose_name='Evaluation question')),
            ('input_text', models.TextField(blank=True, help_text='Staff, money, partners, rooms put in.', verbose_name='Input')),
            ('activities_text', models.TextField(blank=True, help_text='What was done with it.', verbose_name='Activities')),
            ('output_text', models.TextField(blank=True, help_text='What was produced: courses, places, participants.', verbose_name='Output')),
            ('outcome_text', models.TextField(blank=True, help_text='What changed for the target group.', verbose_name='Outcome')),
            ('findings', models.TextField(blank=True, verbose_name='Findings')),
            ('recommendation', models.CharField(blank=True, choices=[('', 'not yet decided'), ('continue', 'continue'), ('adapt', 'adapt'), ('end', 'end')], default='', max_length=10, verbose_name='Recommendation')),
            ('recommendation_note', models.TextField(blank=True, verbose_name='Reasons for the recommendation')),
            ('status', models.CharField(choices=[('draft', 'draft'), ('complete', 'complete')], default='draft', max_length=10, verbose_name='Status')),
            ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='Version')),
            ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created on')),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('measure', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='concept.measure', verbose_name='Measure')),
            ('municipality', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.municipality')),
        ],
        options={
            'verbose_name': 'historical Evaluation',
            'verbose_name_plural': 'historical Evaluations',
            'db_table': 'concept_historicalevaluation',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='HistoricalEvaluationFigure',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('delegated_by', models.CharField(blank=True, default='', max_length=200, verbose_name='delegated by')),
            ('author_anonymised', models.BooleanField(default=False, verbose_name='author anonymised')),
            ('stage', models.CharField(blank=True, choices=[('', 'not assigned'), ('input', 'Input'), ('activities', 'Activities'), ('output', 'Output'), ('outcome', 'Outcome')], default='', max_length=10, verbose_name='Stage of the logic model')),
            ('label', models.CharField(max_length=200, verbose_name='Figure')),
            ('value', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='Value')),
            ('unit', models.CharField(blank=True, max_length=40, verbose_name='Unit')),
            ('source', models.CharField(max_length=300, verbose_name='Source')),
            ('as_of', models.DateField(verbose_name='as of')),
            ('origin', models.CharField(choices=[('manual', 'entered by staff'), ('update', 'status update of the measure'), ('usage', 'usage of a linked offer'), ('survey', 'survey result'), ('request', 'requested by link')], default='manual', max_length=10, verbose_name='Origin')),
            ('reviewed', models.BooleanField(default=True, verbose_name='reviewed')),
            ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('evaluation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='implementation.evaluation')),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('request', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='implementation.figurerequest')),
        ],
        options={
            'verbose_name': 'historical Figure',
            'verbose_name_plural': 'historical Figures',
            'db_table': 'concept_historicalevaluationfigure',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='HistoricalFigureRequest',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('delegated_by', models.CharField(blank=True, default='', max_length=200, verbose_name='delegated by')),
            ('author_anonymised', models.BooleanField(default=False, verbose_name='author anonymised')),
            ('recipient', models.CharField(help_text='Lead office or actor, e.g. Amt 51, Caritas', max_length=200, verbose_name='Recipient')),
            ('message', models.TextField(blank=True, verbose_name='Message to the recipient')),
            ('token_hash', models.CharField(db_index=True, max_length=64)),
            ('expires_at', models.DateTimeField(verbose_name='valid until')),
            ('status', models.CharField(choices=[('sent', 'waiting for the answer'), ('submitted', 'answered, to be reviewed'), ('accepted', 'figures taken over'), ('rejected', 'figures not taken over')], default='sent', max_length=10, verbose_name='Status')),
            ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='answered on')),
            ('submitted_by_name', models.CharField(blank=True, max_length=200, verbose_name='Answered by')),
            ('submitted_comment', models.TextField(blank=True, verbose_name='Comment of the recipient')),
            ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='reviewed on')),
            ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('evaluation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='implementation.evaluation')),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('reviewed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
        ],
        options={
            'verbose_name': 'historical Request for figures',
            'verbose_name_plural': 'historical Requests for figures',
            'db_table': 'concept_historicalfigurerequest',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='HistoricalMilestone',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('delegated_by', models.CharField(blank=True, default='', max_length=200, verbose_name='delegated by')),
            ('author_anonymised', models.BooleanField(default=False, verbose_name='author anonymised')),
            ('title', models.CharField(max_length=300, verbose_name='Milestone')),
            ('due_on', models.DateField(verbose_name='due on')),
            ('done_on', models.DateField(blank=True, null=True, verbose_name='reached on')),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('measure', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='concept.measure')),
        ],
        options={
            'verbose_name': 'historical Milestone',
            'verbose_name_plural': 'historical Milestones',
            'db_table': 'concept_historicalmilestone',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='HistoricalStatusUpdate',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('delegated_by', models.CharField(blank=True, default='', max_length=200, verbose_name='delegated by')),
            ('author_anonymised', models.BooleanField(default=False, verbose_name='author anonymised')),
            ('reported_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='Date')),
            ('traffic_light', models.CharField(choices=[('green', 'on track'), ('yellow', 'at risk'), ('red', 'off track')], max_length=10, verbose_name='Traffic light')),
            ('text', models.TextField(verbose_name='Status report')),
            ('progress_percent', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MaxValueValidator(100)], verbose_name='Progress (%)')),
            ('participants', models.PositiveIntegerField(blank=True, null=True, verbose_name='Participants reached')),
            ('money_spent', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='Money spent (EUR)')),
            ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('author', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('measure', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='concept.measure')),
            ('reporting_municipality', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.municipality')),
        ],
        options={
            'verbose_name': 'historical Status update',
            'verbose_name_plural': 'historical Status updates',
            'db_table': 'concept_historicalstatusupdate',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='Milestone',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('title', models.CharField(max_length=300, verbose_name='Milestone')),
            ('due_on', models.DateField(verbose_name='due on')),
            ('done_on', models.DateField(blank=True, null=True, verbose_name='reached on')),
            ('measure', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='milestones', to='concept.measure')),
        ],
        options={
            'verbose_name': 'Milestone',
            'verbose_name_plural': 'Milestones',
            'db_table': 'concept_milestone',
            'ordering': ['due_on', 'pk'],
        },
    ),
    migrations.CreateModel(
        name='StatusUpdate',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('reported_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='Date')),
            ('traffic_light', models.CharField(choices=[('green', 'on track'), ('yellow', 'at risk'), ('red', 'off track')], max_length=10, verbose_name='Traffic light')),
            ('text', models.TextField(verbose_name='Status report')),
            ('progress_percent', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MaxValueValidator(100)], verbose_name='Progress (%)')),
            ('participants', models.PositiveIntegerField(blank=True, null=True, verbose_name='Participants reached')),
            ('money_spent', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='Money spent (EUR)')),
            ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
            ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('measure', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='updates', to='concept.measure')),
            ('reporting_municipality', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.municipality')),
        ],
        options={
            'verbose_name': 'Status update',
            'verbose_name_plural': 'Status updates',
            'db_table': 'concept_statusupdate',
            'ordering': ['-reported_on', '-created_at'],
        },
    ),
    migrations.AddConstraint(
        model_name='evaluation',
        constraint=models.UniqueConstraint(fields=('measure', 'report_year'), name='evaluation_once_per_measure_and_year', violation_error_message='This measure already has an evaluation for this report year.'),
    ),
]


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('concept', '0005_move_implementation_out'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0002_seed_field_catalogue'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=STATE_OPERATIONS, database_operations=[]),
        # A new database gets the tables here: the concept's squashed migration leaves them out.
        migrations.RunPython(create_missing_tables("implementation"), migrations.RunPython.noop),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
