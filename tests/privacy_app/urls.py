"""The project's URLs plus the test app's list page (tests use it with @pytest.mark.urls)."""

from django.urls import path

from bureau.urls import urlpatterns as project_urlpatterns

from .views import visitor_list

urlpatterns = [path("test-visitors/", visitor_list, name="test_visitors"), *project_urlpatterns]
