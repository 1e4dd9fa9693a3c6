"""Release settings: MySQL from MYSQL_* variables, secrets from files under SECRETS_ROOT (a Secret volume)."""
import os

from .settings import *  # noqa: F401,F403


def secret(name, default=None):
    """The content of $SECRETS_ROOT/<name> (trailing newline stripped), else $<name>, else default."""
    path = os.path.join(os.environ.get("SECRETS_ROOT", "/tmp/secrets"), name)
    try:
        with open(path) as f:
            return f.read().rstrip("\n")
    except FileNotFoundError:
        if name in os.environ or default is not None:
            return os.environ.get(name, default)
        raise


SECRET_KEY = secret("SECRET_KEY")
DEBUG = False
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.mysql",
        "NAME": os.environ.get("MYSQL_DATABASE", "todobackend"),
        "USER": os.environ.get("MYSQL_USER", "todo"),
        "PASSWORD": secret("MYSQL_PASSWORD", ""),
        "HOST": os.environ.get("MYSQL_HOST", "localhost"),
        "PORT": os.environ.get("MYSQL_PORT", "3306"),
        "OPTIONS": {"charset": "utf8mb4"},
    }
}
