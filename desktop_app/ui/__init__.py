"""The desktop windows (PySide6). The only package that imports Qt; it calls services only."""

from desktop_app.ui.refcounts import keep_singletons_alive

keep_singletons_alive()
