"""The identity app's pages (webhooks), included at the root by gsp/urls.py."""

from .views import urlpatterns as webhook_urls

app_name = "identity"

urlpatterns = [*webhook_urls]
