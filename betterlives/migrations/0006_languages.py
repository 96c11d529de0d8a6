# Council.cymraeg_first and bilingual_posters, and StaffProfile (a person's own language).
#
# Councils that exist already get "Show Cymraeg first" as a new council of their nation would:
# on in Wales, off in England. New councils are set in Council.save().

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

CYMRAEG_FIRST_HELP = ("Cymraeg is listed before English on the survey's language choice, the "
                      "language switcher and bilingual posters.")


def cymraeg_first_in_wales(apps, schema_editor):
    Council = apps.get_model("betterlives", "Council")
    Council.objects.filter(nation="wales").update(cymraeg_first=True)


class Migration(migrations.Migration):

    dependencies = [
        ('betterlives', '0005_council_contact'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='council',
            name='bilingual_posters',
            field=models.BooleanField(default=False, help_text='Councils in Wales always have posters in Cymraeg and English. Turn this on for a council in England to have them too.', verbose_name='posters in Cymraeg and English'),
        ),
        migrations.AddField(
            model_name='council',
            name='cymraeg_first',
            field=models.BooleanField(default=False, help_text=CYMRAEG_FIRST_HELP, verbose_name='show Cymraeg first'),
        ),
        migrations.RunPython(cymraeg_first_in_wales, migrations.RunPython.noop),
        # From now on the model leaves it empty until Council.save() sets it by nation.
        migrations.AlterField(
            model_name='council',
            name='cymraeg_first',
            field=models.BooleanField(default=None, help_text=CYMRAEG_FIRST_HELP, verbose_name='show Cymraeg first'),
        ),
        migrations.CreateModel(
            name='StaffProfile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(blank=True, choices=[('en', 'English'), ('cy', 'Cymraeg')], max_length=10, verbose_name='language')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='staff_profile', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'staff profile',
                'verbose_name_plural': 'staff profiles',
            },
        ),
    ]
