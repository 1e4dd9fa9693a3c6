{{/* Object name: <release>-mysql, or the overrides. */}}
{{- define "mysql.fullname" -}}
{{- include "common.names.fullname" . -}}
{{- end -}}

{{/* auth.existingSecret rendered with tpl; empty when the chart creates its own Secret. */}}
{{- define "mysql.existingSecret" -}}
{{- include "common.secrets.existingName" (dict "existingSecret" .Values.auth.existingSecret "context" .) -}}
{{- end -}}

{{/* The Secret the container mounts: the existing one, else <fullname>. */}}
{{- define "mysql.secretName" -}}
{{- include "common.secrets.name" (dict "existingSecret" .Values.auth.existingSecret "defaultName" (include "mysql.fullname" .) "context" .) -}}
{{- end -}}

{{/* The data claim: persistence.existingClaim (tpl), else <fullname>-data. */}}
{{- define "mysql.claimName" -}}
{{- if .Values.persistence.existingClaim -}}
{{- include "common.tplvalues.render" (dict "value" .Values.persistence.existingClaim "context" .) | trim -}}
{{- else -}}
{{- printf "%s-data" (include "mysql.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Name of the StorageClass this chart creates (when it does). */}}
{{- define "mysql.storageClassDefinitionName" -}}
{{- default (include "mysql.fullname" .) .Values.persistence.storageClassDefinition.name -}}
{{- end -}}

{{/* storageClass of the claim: the value, else the class this chart creates, else the cluster default. */}}
{{- define "mysql.storageClass" -}}
{{- $class := .Values.persistence.storageClass -}}
{{- if and (not $class) .Values.persistence.storageClassDefinition.create -}}
{{- $class = include "mysql.storageClassDefinitionName" . -}}
{{- end -}}
{{- include "common.storage.class" (dict "storageClass" $class) -}}
{{- end -}}

{{/* A probe: timing from a probe block around an exec command. Usage: include "mysql.execProbe" (dict "probe" .Values.livenessProbe "command" "...") */}}
{{- define "mysql.execProbe" -}}
exec:
  command:
    - sh
    - -c
    - {{ .command | quote }}
{{ include "common.probes.timing" . }}
{{- end -}}

{{/* Checks of value combinations that cannot work; rendered by the Deployment. */}}
{{- define "mysql.validate" -}}
{{- include "common.secrets.requireExisting" (dict "existingSecret" (include "mysql.existingSecret" .) "generate" .Values.auth.generate "path" "auth" "context" .) -}}
{{- if and (include "mysql.existingSecret" .) (or .Values.auth.password .Values.auth.rootPassword) -}}
{{- fail "auth.password and auth.rootPassword are ignored when auth.existingSecret is set: put the values into that Secret instead" -}}
{{- end -}}
{{- $definition := .Values.persistence.storageClassDefinition -}}
{{- if and $definition.create .Values.persistence.storageClass (ne .Values.persistence.storageClass (include "mysql.storageClassDefinitionName" .)) -}}
{{- fail (printf "persistence.storageClass (%s) differs from the StorageClass this chart creates (persistence.storageClassDefinition.name: %s): name the same class in both, or set persistence.storageClassDefinition.create: false" .Values.persistence.storageClass (include "mysql.storageClassDefinitionName" .)) -}}
{{- end -}}
{{- if and $definition.create (eq .Values.persistence.storageClass "-") -}}
{{- fail "persistence.storageClass \"-\" (no class) contradicts persistence.storageClassDefinition.create: true" -}}
{{- end -}}
{{- range $option, $_ := .Values.extraArgs -}}
{{- if hasPrefix "-" $option -}}
{{- fail (printf "extraArgs.%s: write the option without leading dashes (the chart adds --)" $option) -}}
{{- end -}}
{{- end -}}
{{- $reserved := list "MYSQL_DATABASE" "MYSQL_USER" "MYSQL_PASSWORD" "MYSQL_PASSWORD_FILE" "MYSQL_ROOT_PASSWORD" "MYSQL_ROOT_PASSWORD_FILE" -}}
{{- range $name, $_ := .Values.extraEnv -}}
{{- if has $name $reserved -}}
{{- fail (printf "extraEnv.%s is set by the chart: use auth.* and the Secret instead" $name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
