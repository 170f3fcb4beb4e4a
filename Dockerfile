# colloquy: build (install, bundle, train the offline model) and a slim non-root runtime image.
#   docker build -t colloquy .                                   # the starter assistant
#   docker build -t my-bot --build-arg PROJECT=path/to/project .  # your project (inside the build context)
# No `# syntax=` line: the built-in frontend suffices, and BuildKit would otherwise pull docker/dockerfile
# from Docker Hub on every build (fails offline).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Native modules (better-sqlite3) build from source when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Dependencies in a layer of their own: a change to src/ does not reinstall them (nor rebuild
# better-sqlite3). `prepare` needs src/, so it is skipped here and its bundle built below.
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild --no-audit --no-fund
COPY bin ./bin
COPY scripts ./scripts
COPY src ./src
# The CLI bundle (dist/) needs esbuild, a dev dependency: prune only afterwards.
RUN node scripts/build.mjs && npm prune --omit=dev --no-audit --no-fund
ARG PROJECT=examples/starter
COPY ${PROJECT} ./project
# The offline command generator's model is trained here, once, not at every start.
RUN node bin/colloquy.js train --project project --out project/models --fixed-model-name model

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
# Same paths as the build stage: the bundle refers to its sources (templates, patterns) by path.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/src ./src
COPY --from=build /app/dist ./dist
COPY --from=build --chown=node:node /app/project ./project
USER node
EXPOSE 5005
# /status answers only with the API token when one is set (COLLOQUY_AUTH_TOKEN).
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "const t=process.env.COLLOQUY_AUTH_TOKEN;fetch('http://127.0.0.1:'+(process.env.PORT||5005)+'/status'+(t?'?token='+encodeURIComponent(t):'')).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "bin/colloquy.js", "run", "--project", "project", "--model", "project/models/model.json"]
CMD ["--port", "5005"]
