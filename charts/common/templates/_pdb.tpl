{{/*
A PodDisruptionBudget, rendered only when the workload runs more than one replica and the
pdb block is enabled. Usage:
include "common.pdb" (dict "name" (include "frontend.fullname" .) "component" "frontend" "replicas" .Values.replicaCount "pdb" .Values.pdb "context" $)
*/}}
{{- define "common.pdb" -}}
{{- if and .pdb.create (gt (int .replicas) 1) }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ .name }}
  namespace: {{ include "common.names.namespace" .context }}
  labels:
    {{- include "common.labels.standard" (dict "component" .component "context" .context) | nindent 4 }}
spec:
  {{- if .pdb.maxUnavailable }}
  maxUnavailable: {{ .pdb.maxUnavailable }}
  {{- else }}
  minAvailable: {{ default 1 .pdb.minAvailable }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "common.labels.matchLabels" (dict "component" .component "context" .context) | nindent 6 }}
{{- end }}
{{- end -}}

{{/*
Fails when a pdb block sets both minAvailable and maxUnavailable (a PodDisruptionBudget takes one).
Usage: include "common.pdb.validate" (dict "pdb" .Values.pdb)
*/}}
{{- define "common.pdb.validate" -}}
{{- if and (not (eq (toString .pdb.minAvailable) "")) (not (eq (toString .pdb.maxUnavailable) "")) -}}
{{- fail "pdb.minAvailable and pdb.maxUnavailable are both set: set one of them to \"\"" -}}
{{- end -}}
{{- end -}}
