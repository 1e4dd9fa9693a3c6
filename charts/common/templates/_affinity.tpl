{{/*
A pod's affinity: the given affinity (rendered with tpl), else a pod anti-affinity preset over this
release's pods of the component, spreading them over nodes: "soft" (preferred) or "hard" (required);
"" or no preset renders nothing, so the caller writes the affinity key only around a result.
Usage: include "common.affinity" (dict "affinity" .Values.affinity "preset" .Values.podAntiAffinityPreset "component" "frontend" "context" $)
*/}}
{{- define "common.affinity" -}}
{{- $preset := toString (default "" .preset) -}}
{{- if .affinity -}}
{{- include "common.tplvalues.render" (dict "value" .affinity "context" .context) -}}
{{- else if eq $preset "soft" -}}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "common.labels.matchLabels" (dict "component" .component "context" .context) | nindent 12 }}
{{- else if eq $preset "hard" -}}
podAntiAffinity:
  requiredDuringSchedulingIgnoredDuringExecution:
    - topologyKey: kubernetes.io/hostname
      labelSelector:
        matchLabels:
          {{- include "common.labels.matchLabels" (dict "component" .component "context" .context) | nindent 10 }}
{{- end -}}
{{- end -}}
