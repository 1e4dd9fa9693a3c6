{{/*
Recommended labels for every object; part-of comes from global.partOf, set by the application chart.
Usage: include "common.labels.standard" (dict "component" "frontend" "context" $)
*/}}
{{- define "common.labels.standard" -}}
app.kubernetes.io/name: {{ include "common.names.name" .context }}
app.kubernetes.io/instance: {{ .context.Release.Name }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
app.kubernetes.io/part-of: {{ default (include "common.names.name" .context) (.context.Values.global).partOf }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
{{- with .context.Chart.AppVersion }}
app.kubernetes.io/version: {{ . | quote }}
{{- end }}
helm.sh/chart: {{ include "common.names.chart" .context }}
{{- with .context.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Selector labels: name + instance (+ component). Immutable once a workload exists, so nothing else goes here.
Usage: include "common.labels.matchLabels" (dict "component" "frontend" "context" $)
*/}}
{{- define "common.labels.matchLabels" -}}
app.kubernetes.io/name: {{ include "common.names.name" .context }}
app.kubernetes.io/instance: {{ .context.Release.Name }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end -}}
