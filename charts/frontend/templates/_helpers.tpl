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

{{/* An HTTP probe on the http port from a probe block (enabled, path and timings). */}}
{{- define "frontend.httpProbe" -}}
httpGet:
  path: {{ .probe.path }}
  port: http
initialDelaySeconds: {{ .probe.initialDelaySeconds }}
periodSeconds: {{ .probe.periodSeconds }}
timeoutSeconds: {{ .probe.timeoutSeconds }}
failureThreshold: {{ .probe.failureThreshold }}
successThreshold: {{ default 1 .probe.successThreshold }}
{{- end -}}

{{/* affinity, else a pod anti-affinity preset over the frontend pods of this release. */}}
{{- define "frontend.affinity" -}}
{{- if .Values.affinity -}}
{{- toYaml .Values.affinity -}}
{{- else if eq .Values.podAntiAffinityPreset "soft" -}}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "common.labels.matchLabels" (dict "component" "frontend" "context" .) | nindent 12 }}
{{- else if eq .Values.podAntiAffinityPreset "hard" -}}
podAntiAffinity:
  requiredDuringSchedulingIgnoredDuringExecution:
    - topologyKey: kubernetes.io/hostname
      labelSelector:
        matchLabels:
          {{- include "common.labels.matchLabels" (dict "component" "frontend" "context" .) | nindent 10 }}
{{- end -}}
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
{{- if and (not (eq (toString .Values.pdb.minAvailable) "")) (not (eq (toString .Values.pdb.maxUnavailable) "")) -}}
{{- fail "pdb.minAvailable and pdb.maxUnavailable are both set: set one of them to \"\"" -}}
{{- end -}}
{{- end -}}
