{{/*
A Secret value that survives upgrades: the given value, else the one already stored in the live
Secret (lookup), else a new random one. Generated values are meant for development; production
names an existing Secret instead. Returns the base64-encoded value.
Usage: include "common.secrets.value" (dict "secret" "my-secret" "key" "password" "value" .Values.auth.password "length" 24 "context" $)

Offline (`helm template`, the harness's render) lookup returns an empty map, so a new value is generated.
*/}}
{{- define "common.secrets.value" -}}
{{- if .value -}}
{{- .value | toString | b64enc -}}
{{- else -}}
{{- $existing := lookup "v1" "Secret" (include "common.names.namespace" .context) .secret -}}
{{- if and $existing (index (default dict $existing.data) .key) -}}
{{- index $existing.data .key -}}
{{- else -}}
{{- randAlphaNum (int (default 24 .length)) | b64enc -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Fails with a readable message when a Secret must come from outside the chart but none is named.
Usage: include "common.secrets.requireExisting" (dict "existingSecret" .Values.auth.existingSecret "generate" .Values.auth.generate "path" "auth" "context" $)
*/}}
{{- define "common.secrets.requireExisting" -}}
{{- if and (not .generate) (not .existingSecret) -}}
{{- fail (printf "%s.existingSecret is required when %s.generate is false: create the Secret beforehand and name it in %s.existingSecret" .path .path .path) -}}
{{- end -}}
{{- end -}}

{{/*
The existing Secret named in values, after tpl; "" when none is named (the chart then creates its own).
Usage: include "common.secrets.existingName" (dict "existingSecret" .Values.auth.existingSecret "context" $)
*/}}
{{- define "common.secrets.existingName" -}}
{{- with .existingSecret -}}
{{- include "common.tplvalues.render" (dict "value" . "context" $.context) | trim -}}
{{- end -}}
{{- end -}}

{{/*
The Secret a chart's pods read: the existing one (see common.secrets.existingName), else defaultName.
Usage: include "common.secrets.name" (dict "existingSecret" .Values.auth.existingSecret "defaultName" (include "mysql.fullname" .) "context" $)
*/}}
{{- define "common.secrets.name" -}}
{{- default .defaultName (include "common.secrets.existingName" (dict "existingSecret" .existingSecret "context" .context)) -}}
{{- end -}}
