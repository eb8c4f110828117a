# resil in a container: Node.js 20 (slim), the CLI as the entrypoint, run as the unprivileged
# `node` user. Multi-stage: the build stage has the dev dependencies (TypeScript, oclif) and packs
# the CLI the way npm publishes it; the final stage installs only that tarball and its run-time
# dependencies.
#   docker build -t resil .
#   docker run --rm -v "$PWD:/work" resil audit --snapshot examples/shop.snapshot.json

FROM node:20-slim AS build
WORKDIR /src
ENV OCLIF_SKIP_NEW_VERSION_CHECK=true
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY scripts/bundle.mjs ./scripts/
COPY src ./src
COPY schemas ./schemas
COPY examples ./examples
RUN npm run build && npm pack --silent --pack-destination /tmp && mv /tmp/resil-*.tgz /tmp/resil.tgz

FROM node:20-slim
ENV NODE_ENV=production \
    NO_UPDATE_NOTIFIER=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
COPY --from=build /tmp/resil.tgz /tmp/resil.tgz
RUN npm install -g --no-audit --no-fund /tmp/resil.tgz \
    && rm /tmp/resil.tgz \
    && npm cache clean --force \
    && mkdir /work && chown node:node /work
USER node
WORKDIR /work
ENTRYPOINT ["resil"]
CMD ["--help"]
