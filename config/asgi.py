from django.core.asgi import get_asgi_application

from config.environment import use_settings_for_environment

use_settings_for_environment()
application = get_asgi_application()
