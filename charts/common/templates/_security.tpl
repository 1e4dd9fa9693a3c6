{{/*
A securityContext block from a values map, without the map's "enabled" key; nothing when enabled is false
(a map without an "enabled" key always renders). For pods and containers alike.
Usage: include "common.security.context" (dict "securityContext" .Values.containerSecurityContext)
*/}}
{{- define "common.security.context" -}}
{{- $values := default dict .securityContext -}}
{{- if or (not (hasKey $values "enabled")) $values.enabled -}}
securityContext:
  {{- omit $values "enabled" | toYaml | nindent 2 }}
{{- end -}}
{{- end -}}
