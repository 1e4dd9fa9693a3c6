{{/* Object name: <release>-fileserver (see common.names.fullname). */}}
{{- define "fileserver.fullname" -}}
{{- include "common.names.fullname" . -}}
{{- end -}}

{{/* ConfigMap with the web UI: <fullname>-content. */}}
{{- define "fileserver.contentName" -}}
{{- printf "%s-content" (include "fileserver.fullname" . | trunc 55 | trimSuffix "-") -}}
{{- end -}}

{{/* ConfigMap with the nginx server block: <fullname>-nginx. */}}
{{- define "fileserver.nginxName" -}}
{{- printf "%s-nginx" (include "fileserver.fullname" . | trunc 57 | trimSuffix "-") -}}
{{- end -}}

{{/* The web UI: files/web/* (index.html rendered with tpl), then content.extraFiles over them. */}}
{{- define "fileserver.content.data" -}}
{{- $files := dict -}}
{{- range $path, $ignored := .Files.Glob "files/web/*" -}}
{{- $name := base $path -}}
{{- if eq $name "index.html" -}}
{{- $_ := set $files $name (tpl ($.Files.Get $path) $) -}}
{{- else -}}
{{- $_ := set $files $name ($.Files.Get $path) -}}
{{- end -}}
{{- end -}}
{{- range $name, $content := .Values.content.extraFiles -}}
{{- $_ := set $files $name (toString $content) -}}
{{- end -}}
{{- toYaml $files -}}
{{- end -}}

{{/* The nginx server block: unprivileged port, /healthz, static files with an index.html fallback. */}}
{{- define "fileserver.nginx.data" -}}
default.conf: |
  server {
      listen {{ .Values.containerPorts.http }};
      server_name _;
      server_tokens off;
      # Redirects keep the scheme, host and port the client used (the Ingress), not nginx's own.
      absolute_redirect off;

      root /usr/share/nginx/html;
      index index.html;

      add_header X-Content-Type-Options nosniff always;
      add_header X-Frame-Options DENY always;
      add_header Referrer-Policy same-origin always;

      location = /healthz {
          access_log off;
          default_type text/plain;
          return 200 "ok\n";
      }

      location / {
          try_files $uri $uri/ /index.html;
      }
  }
{{- end -}}

{{/* sha256 of everything nginx serves or reads from ConfigMaps. */}}
{{- define "fileserver.config.checksum" -}}
{{- $data := include "fileserver.nginx.data" . -}}
{{- if .Values.content.enabled -}}
{{- $data = print $data (include "fileserver.content.data" .) -}}
{{- end -}}
{{- $data | sha256sum -}}
{{- end -}}

{{/* Fails on value combinations that cannot work. */}}
{{- define "fileserver.validate" -}}
{{- if and (not .Values.content.enabled) .Values.content.extraFiles -}}
{{- fail "content.extraFiles is set but content.enabled is false: extra files are served only with the chart's content; enable content or put the files into your image" -}}
{{- end -}}
{{- include "common.pdb.validate" (dict "pdb" .Values.pdb) -}}
{{- end -}}
