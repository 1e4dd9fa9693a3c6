{{/* Name of this chart's own objects: the release name when it contains "journal", else <release>-journal. */}}
{{- define "journal.fullname" -}}
{{- include "common.names.fullname" . -}}
{{- end -}}

{{/* Object name of a component chart (honours its nameOverride/fullnameOverride). */}}
{{- define "journal.componentName" -}}
{{- include "common.names.dependency.fullname" (dict "chartName" .name "chartValues" (index .context.Values .name) "context" .context) -}}
{{- end -}}

{{/* TLS Secret of the Ingress. */}}
{{- define "journal.ingress.tlsSecretName" -}}
{{- default (printf "%s-tls" .Values.ingress.hostname) .Values.ingress.tls.secretName -}}
{{- end -}}

{{/* Fails on value combinations that cannot work. */}}
{{- define "journal.validate" -}}
{{- $ingress := .Values.ingress -}}
{{- if $ingress.enabled -}}
{{- if not $ingress.hostname -}}
{{- fail "ingress.hostname is required when ingress.enabled is true" -}}
{{- end -}}
{{- if and $ingress.certManager.enabled (not $ingress.tls.enabled) -}}
{{- fail "ingress.certManager.enabled needs ingress.tls.enabled: cert-manager issues the certificate for the Ingress's TLS section" -}}
{{- end -}}
{{- if and $ingress.certManager.enabled (not $ingress.certManager.clusterIssuer) -}}
{{- fail "ingress.certManager.clusterIssuer is required when ingress.certManager.enabled is true (e.g. letsencrypt-prod)" -}}
{{- end -}}
{{- if and $ingress.certManager.enabled (hasKey $ingress.annotations "cert-manager.io/cluster-issuer") -}}
{{- fail "ingress.annotations sets cert-manager.io/cluster-issuer while ingress.certManager.enabled is true: set the issuer in ingress.certManager.clusterIssuer only" -}}
{{- end -}}
{{- if not (or .Values.frontend.enabled .Values.fileserver.enabled) -}}
{{- fail "ingress.enabled is true but frontend and fileserver are both disabled: the Ingress would have no backend" -}}
{{- end -}}
{{- end -}}
{{- end -}}
