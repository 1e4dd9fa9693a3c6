"""WSGI entry point for uwsgi --module=todobackend.wsgi."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "todobackend.settings")
application = get_wsgi_application()
