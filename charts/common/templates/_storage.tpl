{{/*
storageClassName for a claim: "" (default) leaves it out so the cluster's default class applies;
"-" writes an empty class, which disables dynamic provisioning; anything else is used as given.
Usage: include "common.storage.class" (dict "storageClass" .Values.persistence.storageClass)
*/}}
{{- define "common.storage.class" -}}
{{- if eq (toString .storageClass) "-" -}}
storageClassName: ""
{{- else if .storageClass -}}
storageClassName: {{ .storageClass | quote }}
{{- end -}}
{{- end -}}
