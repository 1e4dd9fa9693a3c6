{{/*
registry/repository:tag@digest from an image block. Refuses a missing tag or "latest" unless a digest pins it.
Usage: include "common.images.image" (dict "image" .Values.image "path" "image" "context" $)
*/}}
{{- define "common.images.image" -}}
{{- $image := .image -}}
{{- $path := default "image" .path -}}
{{- if not $image.repository -}}
{{- fail (printf "%s.repository is required" $path) -}}
{{- end -}}
{{- $tag := toString (default "" $image.tag) -}}
{{- if and (not $image.digest) (or (eq $tag "") (eq $tag "latest")) -}}
{{- fail (printf "%s.tag must be an immutable version (got %q): set %s.tag to a release such as 1.2.3-abc1234, or pin %s.digest" $path $tag $path $path) -}}
{{- end -}}
{{- $ref := $image.repository -}}
{{- with $image.registry -}}{{- $ref = printf "%s/%s" . $ref -}}{{- end -}}
{{- if $tag -}}{{- $ref = printf "%s:%s" $ref $tag -}}{{- end -}}
{{- with $image.digest -}}{{- $ref = printf "%s@%s" $ref . -}}{{- end -}}
{{- $ref -}}
{{- end -}}
