{{/*
Renders a value that may itself contain template expressions ("{{ .Release.Name }}-redis").
Usage: include "common.tplvalues.render" (dict "value" .Values.redis.host "context" $)
*/}}
{{- define "common.tplvalues.render" -}}
{{- if typeIs "string" .value -}}
{{- tpl .value .context -}}
{{- else -}}
{{- tpl (.value | toYaml) .context -}}
{{- end -}}
{{- end -}}
