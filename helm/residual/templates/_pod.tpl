{{/*
The pod of one role; call with (dict "root" $ "role" "api" "spec" .Values.api "workers" N).
Both roles run the same image; they differ in training workers, scheduling and resources.
*/}}
{{- define "residual.pod" -}}
{{- $root := .root -}}
{{- $values := $root.Values -}}
{{- $spec := .spec -}}
metadata:
  labels:
    {{- include "residual.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .role }}
  annotations:
    checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
    {{- /* Not the rendered Secret: a generated token would change it on every render. Salted:
    the values hold the database password and maybe tokens. */}}
    checksum/secret: {{ printf "%s:%s" (include "residual.checksumSalt" $root) (toJson (list $values.database $values.security)) | sha256sum }}
    {{- with $spec.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "residual.serviceAccountName" $root }}
  # Residual never talks to the Kubernetes API.
  automountServiceAccountToken: false
  {{- with $values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  terminationGracePeriodSeconds: {{ $spec.terminationGracePeriodSeconds }}
  securityContext:
    {{- toYaml $values.podSecurityContext | nindent 4 }}
  containers:
    - name: residual
      image: {{ include "residual.image" (dict "root" $root "spec" $spec) | quote }}
      imagePullPolicy: {{ $values.image.pullPolicy }}
      securityContext:
        {{- toYaml $values.securityContext | nindent 8 }}
      ports:
        - name: http
          containerPort: 8080
          protocol: TCP
      envFrom:
        - configMapRef:
            name: {{ include "residual.fullname" $root }}
        {{- with (include "residual.tokensSecret" $root) }}
        - secretRef:
            name: {{ . }}
        {{- end }}
      env:
        - name: RESIDUAL_TRAINING_WORKERS
          value: {{ .workers | quote }}
        {{- if eq (int .workers) 0 }}
        # A pod that only serves: PyTorch's OpenMP threads sleep between parallel regions instead
        # of spinning through the time slices the HTTP threads need (bench/README.md, "Serving").
        - name: OMP_WAIT_POLICY
          value: PASSIVE
        {{- end }}
        {{- with (include "residual.databaseSecret" $root) }}
        {{- $own := not $values.database.existingSecret }}
        - name: SPRING_DATASOURCE_USERNAME
          valueFrom:
            secretKeyRef:
              name: {{ . }}
              key: {{ ternary "username" $values.database.usernameKey $own }}
        - name: SPRING_DATASOURCE_PASSWORD
          valueFrom:
            secretKeyRef:
              name: {{ . }}
              key: {{ ternary "password" $values.database.passwordKey $own }}
        {{- end }}
      startupProbe:
        httpGet:
          path: /actuator/health/liveness
          port: http
        periodSeconds: {{ $values.probes.startup.periodSeconds }}
        failureThreshold: {{ $values.probes.startup.failureThreshold }}
      livenessProbe:
        httpGet:
          path: /actuator/health/liveness
          port: http
        periodSeconds: {{ $values.probes.liveness.periodSeconds }}
        timeoutSeconds: {{ $values.probes.liveness.timeoutSeconds }}
        failureThreshold: {{ $values.probes.liveness.failureThreshold }}
      readinessProbe:
        httpGet:
          path: /actuator/health/readiness
          port: http
        periodSeconds: {{ $values.probes.readiness.periodSeconds }}
        timeoutSeconds: {{ $values.probes.readiness.timeoutSeconds }}
        failureThreshold: {{ $values.probes.readiness.failureThreshold }}
      {{- with $spec.preStopSleepSeconds }}
      lifecycle:
        # The Service stops routing here a moment after the pod starts terminating: keep
        # serving meanwhile instead of refusing connections.
        preStop:
          exec:
            command: ["sleep", {{ . | quote }}]
      {{- end }}
      resources:
        {{- $resources := deepCopy $spec.resources }}
        {{- if and $spec.gpu (gt (int $spec.gpu.count) 0) }}
        {{- $limits := default dict $resources.limits }}
        {{- $_ := set $limits $spec.gpu.resourceName (int $spec.gpu.count) }}
        {{- $_ := set $resources "limits" $limits }}
        {{- end }}
        {{- toYaml $resources | nindent 8 }}
      volumeMounts:
        - name: data
          mountPath: /data
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: data
      {{- if $values.persistence.enabled }}
      persistentVolumeClaim:
        claimName: {{ $values.persistence.existingClaim | default (include "residual.fullname" $root) }}
      {{- else }}
      emptyDir: {}
      {{- end }}
    # The root filesystem is read-only: uploads in progress and Tomcat's work files go here.
    - name: tmp
      emptyDir:
        sizeLimit: {{ $values.tmpSizeLimit }}
  {{- with $spec.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $spec.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $spec.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
