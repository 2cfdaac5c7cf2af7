"""gunicorn configuration for the Procfile's `web:` and `vanban serve` (`gunicorn -c python:service.web.gunicorn_conf`).

Every value comes from service.config.server_settings (WEB_CONCURRENCY, PORT or VANBAN_BIND, VANBAN_WORKER_TIMEOUT,
VANBAN_GRACEFUL_TIMEOUT, VANBAN_MAX_REQUESTS[_JITTER]); a worker timeout that would cut a PDF conversion short
stops the server before it starts, with the reason on stderr.
"""
import sys

from service.config import ConfigError, server_settings

try:
    _settings = server_settings()
except ConfigError as exc:
    sys.stderr.write(f"vanban: {exc}\n")
    sys.exit(2)

bind = _settings["bind"]
workers = _settings["workers"]
timeout = _settings["timeout"]
graceful_timeout = _settings["graceful_timeout"]
keepalive = _settings["keepalive"]
max_requests = _settings["max_requests"]
max_requests_jitter = _settings["max_requests_jitter"]
accesslog = "-"
# The request id is the X-Request-Id the app answers with (taken from the request when given): one id per line.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'
