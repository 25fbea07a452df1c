"""The Rapport web app (Solara), one module per tab; ``frontends.app.page`` is the page."""
