# syntax=docker/dockerfile:1
# À la carte: one image for the api, the worker and the CLI; the command chooses the entry point
# (dist/apps/api/src/main.js, dist/apps/worker/src/main.js, dist/apps/cli/src/main.js).

# Build: all dependencies (TypeScript, and the toolchain better-sqlite3 compiles with), then the compiled dist/
# and, when npm run build makes it, the browser application in apps/web/dist (the directory exists either way).
FROM node:24-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY scripts ./scripts
COPY libs ./libs
COPY apps ./apps
RUN npm run build \
 && mkdir -p apps/web/dist \
 && npm prune --omit=dev --no-audit --no-fund

# Run: the production dependencies (native modules built above, same Debian release), dist/ and apps/web/dist only.
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
# In a container the server listens on every interface of the container (HOST defaults to 127.0.0.1 outside).
ENV HOST=0.0.0.0
WORKDIR /app
# package.json is needed at run time: its "imports" map #workflow, #domain… to dist/.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Served by the api at / (bootstrap.ts looks for apps/web/dist/index.html under the working directory).
COPY --from=build /app/apps/web/dist ./apps/web/dist
# The embedded SQLite default writes to ./data; with DATABASE_URL=postgres://… it stays empty.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# The api's heap is capped (docs/PERFORMANCE.md, P8): V8 would otherwise grow its old space lazily up to
# gigabytes. 192 MiB holds the api's working set with room; the worker (compose overrides the command) is not capped:
# its reminder sweep needs more than 256 MiB in a storm of 180,000 (docs/PERFORMANCE.md, decision 14).
CMD ["node", "--max-old-space-size=192", "dist/apps/api/src/main.js"]
