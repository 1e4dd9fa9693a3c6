{{/* Object name: <release>-todobackend, or the overrides. */}}
{{- define "todobackend.fullname" -}}
{{- include "common.names.fullname" . -}}
{{- end -}}

{{/* The image reference shared by the app, collectstatic and migration containers. */}}
{{- define "todobackend.image" -}}
{{- include "common.images.image" (dict "image" .Values.image "path" "image" "context" .) -}}
{{- end -}}

{{/* secrets.existingSecret rendered with tpl; empty when the chart creates its own Secret. */}}
{{- define "todobackend.existingSecret" -}}
{{- include "common.secrets.existingName" (dict "existingSecret" .Values.secrets.existingSecret "context" .) -}}
{{- end -}}

{{/* The Secret the containers mount: the existing one, else <fullname>-secrets. */}}
{{- define "todobackend.secretName" -}}
{{- include "common.secrets.name" (dict "existingSecret" .Values.secrets.existingSecret "defaultName" (printf "%s-secrets" (include "todobackend.fullname" .) | trunc 63 | trimSuffix "-") "context" .) -}}
{{- end -}}

{{/* ServiceAccount the pods run as. */}}
{{- define "todobackend.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "todobackend.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Environment shared by every todobackend container (app, collectstatic, migrations). */}}
{{- define "todobackend.env" -}}
{{- $reserved := list "DJANGO_SETTINGS_MODULE" "SECRETS_ROOT" "MYSQL_HOST" "MYSQL_PORT" "MYSQL_USER" "MYSQL_DATABASE" -}}
{{- range $name, $_ := .Values.extraEnv -}}
{{- if has $name $reserved -}}
{{- fail (printf "extraEnv.%s is set by the chart: use django.settingsModule or database.* instead" $name) -}}
{{- end -}}
{{- end -}}
- name: DJANGO_SETTINGS_MODULE
  value: {{ .Values.django.settingsModule | quote }}
- name: SECRETS_ROOT
  value: /tmp/secrets
- name: MYSQL_HOST
  value: {{ include "common.tplvalues.render" (dict "value" .Values.database.host "context" .) | quote }}
- name: MYSQL_PORT
  value: {{ .Values.database.port | quote }}
- name: MYSQL_USER
  value: {{ .Values.database.user | quote }}
- name: MYSQL_DATABASE
  value: {{ .Values.database.name | quote }}
{{- range $name, $value := .Values.extraEnv }}
- name: {{ $name }}
  value: {{ include "common.tplvalues.render" (dict "value" (toString $value) "context" $) | quote }}
{{- end }}
{{- end -}}

{{/* The Secret volume: only the two keys this application reads. */}}
{{- define "todobackend.secretVolume" -}}
- name: secrets
  secret:
    secretName: {{ include "todobackend.secretName" . }}
    defaultMode: 288 {{- /* 0440: owner and fsGroup may read */}}
    items:
      - key: MYSQL_PASSWORD
        path: MYSQL_PASSWORD
      - key: SECRET_KEY
        path: SECRET_KEY
{{- end -}}

{{- define "todobackend.secretVolumeMount" -}}
- name: secrets
  mountPath: /tmp/secrets
  readOnly: true
{{- end -}}

{{/* Pod spec fields shared by the Deployment and the migration Job. */}}
{{- define "todobackend.podCommon" -}}
automountServiceAccountToken: {{ .Values.automountServiceAccountToken }}
serviceAccountName: {{ include "todobackend.serviceAccountName" . }}
enableServiceLinks: false
{{- with include "common.security.context" (dict "securityContext" .Values.podSecurityContext) }}
{{ . }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- end -}}

{{/* Checks of value combinations that cannot work; rendered by the Deployment. */}}
{{- define "todobackend.validate" -}}
{{- include "common.secrets.requireExisting" (dict "existingSecret" (include "todobackend.existingSecret" .) "generate" .Values.secrets.generate "path" "secrets" "context" .) -}}
{{- if and (include "todobackend.existingSecret" .) (or .Values.secrets.mysqlPassword .Values.secrets.secretKey) -}}
{{- fail "secrets.mysqlPassword and secrets.secretKey are ignored when secrets.existingSecret is set: put the values into that Secret instead" -}}
{{- end -}}
{{- if .Values.ingress.enabled -}}
{{- if not .Values.ingress.hostname -}}
{{- fail "ingress.hostname is required when ingress.enabled is true" -}}
{{- end -}}
{{- if and .Values.ingress.certManager.enabled (not .Values.ingress.tls.enabled) -}}
{{- fail "ingress.certManager.enabled needs ingress.tls.enabled: true (cert-manager only issues certificates for the Ingress' tls hosts)" -}}
{{- end -}}
{{- if and .Values.ingress.certManager.enabled (not .Values.ingress.certManager.clusterIssuer) -}}
{{- fail "ingress.certManager.clusterIssuer is required when ingress.certManager.enabled is true" -}}
{{- end -}}
{{- end -}}
{{- end -}}
