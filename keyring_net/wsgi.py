import os

from django.core.wsgi import get_wsgi_application

from keyring_net.startup import exit_on_bad_configuration

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyring_net.settings")

with exit_on_bad_configuration(check_database=True):
    application = get_wsgi_application()
