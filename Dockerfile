# syntax=docker/dockerfile:1
# Cartback in a container: `docker build -t cartback .`, then see README.md, "Running in a container".
# The build stage installs every dependency and builds; the runtime stage keeps the production dependencies,
# the build and what `npm run setup` needs (scripts/, prisma/), and runs as the image's unprivileged `node` user.
# scripts/dockerfile.test.ts runs these steps outside Docker and boots the result.

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Dependencies first, so a change to the source reuses this layer. The postinstall script generates the Prisma
# clients from prisma/; only the install scripts package.json's allowScripts approves run.
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
# npm 11, as in CI: the npm of Node 22's images (10.x) knows neither package.json's allowScripts nor
# --strict-allow-scripts, and would run every install script (Prisma's would try to download its engines).
RUN npx --yes npm@11 ci --no-audit --no-fund --strict-allow-scripts
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATABASE_URL=file:/app/data/cartback.sqlite
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json /app/prisma.config.ts ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/build ./build
COPY --from=build --chown=node:node /app/scripts ./scripts
COPY --from=build --chown=node:node /app/prisma ./prisma
COPY --from=build --chown=node:node /app/app/generated ./app/generated
# SQLite's file lives here: mount a volume on it (one instance), or set DATABASE_URL to PostgreSQL (several).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Migrations first (`npm run setup` is idempotent), then the server in the shell's place, so `docker stop`
# reaches it and in-flight work finishes.
CMD ["sh", "-c", "npm run setup && exec node build/server.js"]
