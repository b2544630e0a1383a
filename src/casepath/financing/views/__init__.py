"""The financing screens, one module each; financing/urls.py joins their urlpatterns."""
