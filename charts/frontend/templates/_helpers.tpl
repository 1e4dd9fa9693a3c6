{{/* Object name: <release>-frontend (see common.names.fullname). */}}
{{- define "frontend.fullname" -}}
{{- include "common.names.fullname" . -}}
{{- end -}}

{{/* The ConfigMap data, as YAML; its hash names the ConfigMap and annotates the pod template. */}}
{{- define "frontend.config.data" -}}
JOURNAL_ENTRIES: {{ .Values.config.entriesPerPage | toString | quote }}
{{- end -}}

{{/* sha256 of the ConfigMap data serialised as compact JSON with sorted keys, e.g. {"JOURNAL_ENTRIES":"10"}. */}}
{{- define "frontend.config.checksum" -}}
{{- include "frontend.config.data" . | fromYaml | toJson | sha256sum -}}
{{- end -}}

{{/* <fullname>-config-<first 10 hex chars of the checksum>: a new name per content, so a rollback finds its own ConfigMap. */}}
{{- define "frontend.config.name" -}}
{{- printf "%s-config-%s" (include "frontend.fullname" . | trunc 45 | trimSuffix "-") (include "frontend.config.checksum" . | trunc 10) -}}
{{- end -}}

{{/* The Secret holding the Redis password, after tpl. */}}
{{- define "frontend.redis.secretName" -}}
{{- include "common.tplvalues.render" (dict "value" .Values.redis.existingSecret "context" .) -}}
{{- end -}}

{{/* Fails on value combinations that cannot work. */}}
{{- define "frontend.validate" -}}
{{- if eq .Values.redis.passwordSource "csi" -}}
{{- if not .Values.redis.csi.secretProviderClass -}}
{{- fail "redis.csi.secretProviderClass is required when redis.passwordSource is csi: name the SecretProviderClass that exposes the Redis password as an object named passwd" -}}
{{- end -}}
{{- else if not (include "frontend.redis.secretName" .) -}}
{{- fail "redis.existingSecret is empty: name the Secret holding the Redis password (key redis.existingSecretPasswordKey), or set redis.passwordSource to csi" -}}
{{- end -}}
{{- range $name, $value := .Values.extraEnv -}}
{{- if has $name (list "PORT" "JOURNAL_ENTRIES" "REDIS_MASTER_HOST" "REDIS_READ_HOST" "REDIS_PORT" "REDIS_PASSWORD_FILE") -}}
{{- fail (printf "extraEnv.%s is set by the chart itself: use the chart's own value for it (config.entriesPerPage, redis.*, containerPorts.http)" $name) -}}
{{- end -}}
{{- end -}}
{{- include "common.pdb.validate" (dict "pdb" .Values.pdb) -}}
{{- end -}}
