from rest_framework import viewsets
from rest_framework.reverse import reverse

from .models import Todo
from .serializers import TodoSerializer


class TodoViewSet(viewsets.ModelViewSet):
    """/todos: list, create (POST JSON); /todos/<id>: retrieve, update, partial update, delete."""
    queryset = Todo.objects.all()
    serializer_class = TodoSerializer

    def perform_create(self, serializer):
        todo = serializer.save()
        todo.url = reverse("todo-detail", args=[todo.pk], request=self.request)
        todo.save(update_fields=["url"])

