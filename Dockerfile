# syntax=docker/dockerfile:1
#
# skupper-webhook container image.
#
#   docker build -t ghcr.io/skupper-webhook/skupper-webhook:0.1.0 .
#
# Three stages: `deps` installs production dependencies only, `build` compiles
# TypeScript with the full dependency set, and the runtime stage copies the two
# results onto a distroless Node image. `deps` depends on the lockfile alone,
# so a source change reuses its cached layer, and BuildKit runs it in parallel
# with `build`.
#
# Pin the base images by digest (name:tag@sha256:...) for a release and let
# Renovate or Dependabot move the digests; tags are used here for readability.

# Debian bookworm for building because the runtime below is Debian 12
# (bookworm) too: same glibc and libstdc++, so a native addon built here would
# also load there. Alpine (musl) would not give that guarantee.
ARG NODE_BUILD_IMAGE=node:24-bookworm-slim
# Distroless: only Node, glibc, CA certificates and tzdata. No shell, npm or
# package manager, so nothing to exploit or to patch beyond Node itself, and
# a much smaller CVE report than node:24-bookworm-slim. Debug with
# `kubectl debug -it <pod> --image=busybox --target=skupper-webhook`.
# The :nonroot variant already defaults to uid 65532; USER below states it.
ARG NODE_RUNTIME_IMAGE=gcr.io/distroless/nodejs24-debian12:nonroot

FROM ${NODE_BUILD_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no production dependency needs an install script, and
# none gets to run code at build time.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_BUILD_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

FROM ${NODE_RUNTIME_IMAGE}
LABEL org.opencontainers.image.title="skupper-webhook" \
      org.opencontainers.image.description="Admission webhook for Skupper AttachedConnectorBindings and Listeners" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production
WORKDIR /app
# package.json is needed at run time: "type": "module" makes dist/*.js ES
# modules, and the CLI reads its version from it. Everything stays owned by
# root, so the process (uid 65532) cannot modify its own code.
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER 65532:65532
# 8443: admission (HTTPS). 9090: metrics and health (plain HTTP).
EXPOSE 8443 9090
# No HEALTHCHECK: Kubernetes ignores it (the Deployment has probes), and
# there is no shell or curl here to run one.
#
# Distroless keeps node at /nodejs/bin/node. Arguments after the image name
# (or a pod's `args`) replace the default `serve`, so
# `docker run IMAGE certs --out /certs ...` runs another command.
ENTRYPOINT ["/nodejs/bin/node", "/app/dist/main.js"]
CMD ["serve"]
