{{/* Object name: <release>-redis (see common.names.fullname). */}}
{{- define "redis.fullname" -}}
{{- include "common.names.fullname" . -}}
{{- end -}}

{{/* The headless Service governing the StatefulSet: <fullname>-headless. */}}
{{- define "redis.headlessName" -}}
{{- printf "%s-headless" (include "redis.fullname" . | trunc 54 | trimSuffix "-") -}}
{{- end -}}

{{/* The ConfigMap holding the launch script: <fullname>-scripts. */}}
{{- define "redis.scriptsName" -}}
{{- printf "%s-scripts" (include "redis.fullname" . | trunc 55 | trimSuffix "-") -}}
{{- end -}}

{{/* Address of pod 0, the master, through the headless Service. */}}
{{- define "redis.masterHost" -}}
{{- printf "%s-0.%s.%s.svc.%s" (include "redis.fullname" .) (include "redis.headlessName" .) (include "common.names.namespace" .) .Values.clusterDomain -}}
{{- end -}}

{{/* auth.existingSecret after tpl ("" when none). */}}
{{- define "redis.existingSecret" -}}
{{- include "common.secrets.existingName" (dict "existingSecret" .Values.auth.existingSecret "context" .) -}}
{{- end -}}

{{/* "true" when this chart creates the password Secret. */}}
{{- define "redis.createSecret" -}}
{{- if and (eq .Values.auth.passwordSource "secret") (not (include "redis.existingSecret" .)) .Values.auth.generate -}}
true
{{- end -}}
{{- end -}}

{{/* The Secret the pods read the password from. */}}
{{- define "redis.secretName" -}}
{{- include "common.secrets.name" (dict "existingSecret" .Values.auth.existingSecret "defaultName" (include "redis.fullname" .) "context" .) -}}
{{- end -}}

{{/*
Changes whenever the password the pods should use changes. Hashes the inputs rather than the generated
Secret, so that it stays stable across renders (a generated password is itself kept across upgrades).
*/}}
{{- define "redis.secretChecksum" -}}
{{- dict "source" .Values.auth.passwordSource "secret" (include "redis.secretName" .) "key" .Values.auth.existingSecretPasswordKey "password" .Values.auth.password "csi" .Values.auth.csi.secretProviderClass | toJson | sha256sum -}}
{{- end -}}

{{/* Quotes a value for the POSIX shell. */}}
{{- define "redis.shellQuote" -}}
'{{ . | toString | replace "'" "'\\''" }}'
{{- end -}}

{{/* The scripts ConfigMap data. */}}
{{- define "redis.scripts.data" -}}
start.sh: |
  #!/bin/sh
  # Starts redis-server as the master on pod 0 and as a replica of pod 0 on every other pod.
  set -eu
  password_file=/etc/redis-passwd/passwd
  if [ ! -s "$password_file" ]; then
    echo "redis: password file $password_file is missing or empty" >&2
    exit 1
  fi
  password="$(cat "$password_file")"
  host="${HOSTNAME:-$(hostname)}"
  ordinal="${host##*-}"
  master_host={{ include "redis.masterHost" . | quote }}
  port={{ .Values.containerPorts.redis }}
  set -- --port "$port" --dir /data --appendonly {{ ternary "yes" "no" .Values.config.appendonly }} \
    --requirepass "$password" --masterauth "$password"
  {{- range $name, $value := .Values.config.extraArgs }}
  set -- "$@" --{{ $name }} {{ include "redis.shellQuote" $value }}
  {{- end }}
  case "$ordinal" in
    0)
      echo "redis: $host starts as master"
      exec redis-server "$@"
      ;;
    ''|*[!0-9]*)
      echo "redis: cannot read a StatefulSet ordinal from hostname $host" >&2
      exit 1
      ;;
    *)
      echo "redis: $host starts as replica of $master_host:$port"
      exec redis-server "$@" --replicaof "$master_host" "$port"
      ;;
  esac
{{- end -}}

{{/* An exec probe: redis-cli PING authenticated with the password file; accepted replies as a shell case pattern. */}}
{{- define "redis.execProbe" -}}
exec:
  command:
    - sh
    - -c
    - |
      REDISCLI_AUTH="$(cat /etc/redis-passwd/passwd)"
      export REDISCLI_AUTH
      reply="$(redis-cli -h 127.0.0.1 -p {{ .port }} ping 2>&1)"
      case "$reply" in
        {{ .accept }}) exit 0 ;;
        *) echo "$reply"; exit 1 ;;
      esac
{{ include "common.probes.timing" . }}
{{- end -}}

{{/* Fails on value combinations that cannot work. */}}
{{- define "redis.validate" -}}
{{- $existing := include "redis.existingSecret" . -}}
{{- if eq .Values.auth.passwordSource "csi" -}}
{{- if not .Values.auth.csi.secretProviderClass -}}
{{- fail "auth.csi.secretProviderClass is required when auth.passwordSource is csi: name the SecretProviderClass that exposes the Redis password as an object named passwd" -}}
{{- end -}}
{{- if .Values.auth.password -}}
{{- fail "auth.password cannot be used with auth.passwordSource csi: the password comes from the SecretProviderClass" -}}
{{- end -}}
{{- else -}}
{{- if and $existing .Values.auth.password -}}
{{- fail (printf "auth.password and auth.existingSecret (%s) are both set: put the password into the existing Secret, or clear auth.existingSecret to let the chart create one" $existing) -}}
{{- end -}}
{{- if and (not $existing) (not .Values.auth.generate) (hasKey (default dict .Values.global) "existingSecret") -}}
{{- fail (printf "auth.existingSecret is required when auth.generate is false: create the Secret (key %s) beforehand and name it in global.existingSecret, which the application chart passes to auth.existingSecret" .Values.auth.existingSecretPasswordKey) -}}
{{- end -}}
{{- include "common.secrets.requireExisting" (dict "existingSecret" $existing "generate" .Values.auth.generate "path" "auth" "context" .) -}}
{{- end -}}
{{- if and .Values.persistence.enabled .Values.persistence.existingClaim (gt (int .Values.replicaCount) 1) -}}
{{- fail (printf "persistence.existingClaim (%s) can back a single pod only, but replicaCount is %d: clear persistence.existingClaim to get one claim per pod" .Values.persistence.existingClaim (int .Values.replicaCount)) -}}
{{- end -}}
{{- range $name, $value := .Values.config.extraArgs -}}
{{- if has $name (list "port" "dir" "appendonly" "requirepass" "masterauth" "replicaof" "slaveof") -}}
{{- fail (printf "config.extraArgs.%s is set by the launch script: use the chart's own values (containerPorts.redis, config.appendonly, auth.*)" $name) -}}
{{- end -}}
{{- end -}}
{{- include "common.pdb.validate" (dict "pdb" .Values.pdb) -}}
{{- end -}}
