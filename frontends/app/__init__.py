"""The Rapport web app (Solara), one module per tab; ``frontends.app.page`` is the page."""

# Where ``rapport app`` tells its server process which inherited file descriptor is the socket
# it already listens on (``frontends.commands.app.listening_socket``, ``frontends.app.server``).
SOCKET_ENV = "RAPPORT_APP_SOCKET"
