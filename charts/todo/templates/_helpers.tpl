{{/* This chart's own name (used for labels; the components name their own objects). */}}
{{- define "todo.fullname" -}}
{{- include "common.names.fullname" . -}}
{{- end -}}

{{/* The Secret this chart creates when global.existingSecret is empty: <release>-secrets. */}}
{{- define "todo.generatedSecretName" -}}
{{- printf "%s-secrets" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The application Secret every component mounts. */}}
{{- define "todo.secretName" -}}
{{- default (include "todo.generatedSecretName" .) .Values.global.existingSecret -}}
{{- end -}}

{{/* Object names of the components, as they compute them. */}}
{{- define "todo.todobackend.fullname" -}}
{{- include "common.names.dependency.fullname" (dict "chartName" "todobackend" "chartValues" .Values.todobackend "context" .) -}}
{{- end -}}
{{- define "todo.mysql.fullname" -}}
{{- include "common.names.dependency.fullname" (dict "chartName" "mysql" "chartValues" .Values.mysql "context" .) -}}
{{- end -}}

{{/* Checks of value combinations that cannot work. */}}
{{- define "todo.validate" -}}
{{- if and (not .Values.secrets.generate) (not .Values.global.existingSecret) -}}
{{- fail "global.existingSecret is required when secrets.generate is false: create a Secret with the keys MYSQL_PASSWORD, MYSQL_ROOT_PASSWORD and SECRET_KEY beforehand and name it in global.existingSecret" -}}
{{- end -}}
{{- if and .Values.global.existingSecret (or .Values.secrets.mysqlPassword .Values.secrets.mysqlRootPassword .Values.secrets.secretKey) -}}
{{- fail "secrets.mysqlPassword, secrets.mysqlRootPassword and secrets.secretKey are ignored when global.existingSecret is set: put the values into that Secret instead" -}}
{{- end -}}
{{- if and .Values.todobackend.enabled .Values.mysql.enabled -}}
{{- $host := tpl .Values.todobackend.database.host . -}}
{{- $mysql := include "todo.mysql.fullname" . -}}
{{- if ne $host $mysql -}}
{{- fail (printf "todobackend.database.host resolves to %q but the mysql Service is %q: set todobackend.database.host to the mysql Service" $host $mysql) -}}
{{- end -}}
{{- if ne .Values.todobackend.database.user .Values.mysql.auth.username -}}
{{- fail (printf "todobackend.database.user (%s) differs from mysql.auth.username (%s)" .Values.todobackend.database.user .Values.mysql.auth.username) -}}
{{- end -}}
{{- if ne .Values.todobackend.database.name .Values.mysql.auth.database -}}
{{- fail (printf "todobackend.database.name (%s) differs from mysql.auth.database (%s)" .Values.todobackend.database.name .Values.mysql.auth.database) -}}
{{- end -}}
{{- end -}}
{{- end -}}
