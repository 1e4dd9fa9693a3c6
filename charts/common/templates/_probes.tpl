{{/*
The timing fields of a probe from a probe block (successThreshold defaults to 1).
Usage: include "common.probes.timing" (dict "probe" .Values.livenessProbe)
*/}}
{{- define "common.probes.timing" -}}
initialDelaySeconds: {{ .probe.initialDelaySeconds }}
periodSeconds: {{ .probe.periodSeconds }}
timeoutSeconds: {{ .probe.timeoutSeconds }}
failureThreshold: {{ .probe.failureThreshold }}
successThreshold: {{ default 1 .probe.successThreshold }}
{{- end -}}

{{/*
An HTTP GET probe of probe.path on a named container port ("http" unless port is given), with the block's timing.
Usage: include "common.probes.http" (dict "probe" .Values.readinessProbe)
*/}}
{{- define "common.probes.http" -}}
httpGet:
  path: {{ .probe.path }}
  port: {{ default "http" .port }}
{{ include "common.probes.timing" . }}
{{- end -}}
