from django.urls import include, path
from rest_framework.decorators import api_view
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import DefaultRouter

from todo.views import TodoViewSet

router = DefaultRouter(trailing_slash=False)
router.register("todos", TodoViewSet, basename="todo")


@api_view(["GET"])
def index(request):
    """API index; the probes' path, so it must not touch the database (it is up before migrations run)."""
    return Response({"todos": reverse("todo-list", request=request)})


urlpatterns = [path("", index, name="index"), path("", include(router.urls))]
