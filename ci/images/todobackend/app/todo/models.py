from django.db import models


class Todo(models.Model):
    title = models.CharField(max_length=256, blank=True, default="")
    completed = models.BooleanField(default=False)
    order = models.IntegerField(null=True, blank=True)
    url = models.CharField(max_length=256, blank=True, default="")  # absolute URL of the item, set on create

    class Meta:
        ordering = ["order", "id"]
